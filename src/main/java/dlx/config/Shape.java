package dlx.config;

import java.util.List;
import java.util.stream.Collectors;

/** The shape of one example as it flows through the network: [features], [H, W, C] or [timesteps, features]. */
public record Shape(List<Integer> dims) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(Integer... dims) {
        return new Shape(List.of(dims));
    }

    /** Number of values in one example: what a dense layer sees after the implicit flatten. */
    public long size() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    public boolean isImage() {
        return dims.size() == 3;
    }

    /** The last dimension of an image: its channels (feature maps after a conv layer). */
    public int channels() {
        return dims.get(2);
    }

    /** How a summary table shows it: [28, 28, 1] becomes 28x28x1. */
    public String compact() {
        return dims.stream().map(String::valueOf).collect(Collectors.joining("x"));
    }

    @Override
    public String toString() {
        return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
