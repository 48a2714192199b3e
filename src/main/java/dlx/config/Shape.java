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

    public boolean isSequence() {
        return dims.size() == 2;
    }

    /** The first dimension of a sequence: its length. */
    public int timesteps() {
        return dims.get(0);
    }

    /** How many time steps a recurrent model reads each example as: the sequence's length, 0 for other shapes. */
    public int sequenceLength() {
        return isSequence() ? timesteps() : 0;
    }

    /** The last dimension of a sequence: the values at each time step. */
    public int stepFeatures() {
        return dims.get(1);
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
