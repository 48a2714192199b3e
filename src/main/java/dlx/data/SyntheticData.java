package dlx.data;

import dlx.config.DataConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Small generated data sets for trying a model out, the same for the same seed:
 * <ul>
 *   <li>xor: four Gaussian clusters around (&plusmn;1, &plusmn;1), class (x &gt; 0) XOR (y &gt; 0);
 *   <li>spirals: two interleaved spirals of 1.5 turns out to radius 1, one class each;
 *   <li>moons: two interleaving half circles, as scikit-learn's make_moons;
 *   <li>sine: x uniform in [-&pi;, &pi;], target sin(x) (regression).
 * </ul>
 * noise is the standard deviation of the Gaussian noise added to each coordinate (sine: to the target).
 */
final class SyntheticData {
    private static final List<String> CLASS_NAMES = List.of("0", "1");
    private static final double SPIRAL_TURNS = 1.5;
    private static final long STREAM = -2; // SeededSplit uses -1, epochs 0, 1, 2, ...

    private SyntheticData() {
    }

    static List<Integer> inputShape(DataConfig data) {
        return List.of(data.kind().equals("sine") ? 1 : 2);
    }

    static SourceData generate(DataConfig data, long seed) {
        Random random = new Random(Permutation.seedFor(seed, STREAM));
        int n = data.samples();
        double noise = data.noise();
        Split examples = switch (data.kind()) {
            case "xor" -> xor(n, noise, random);
            case "spirals" -> spirals(n, noise, random);
            case "moons" -> moons(n, noise, random);
            case "sine" -> sine(n, noise, random);
            default -> throw new IllegalArgumentException("unknown synthetic kind " + data.kind());
        };
        Fingerprint fingerprint = new Fingerprint();
        fingerprint.add(("synthetic kind=" + data.kind() + " samples=" + n + " noise=" + noise + " seed=" + seed)
                .getBytes(StandardCharsets.UTF_8));
        List<String> classNames = examples.isClassification() ? CLASS_NAMES : List.of();
        return new SourceData(examples, null, inputShape(data), classNames.size(), classNames, fingerprint.value(),
                false);
    }

    private static Split xor(int n, double noise, Random random) {
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int cluster = i % 4; // as many points around each centre
            double x = (cluster % 2 == 0 ? -1 : 1) + noise * random.nextGaussian();
            double y = (cluster / 2 == 0 ? -1 : 1) + noise * random.nextGaussian();
            points[2 * i] = (float) x;
            points[2 * i + 1] = (float) y;
            labels[i] = (x > 0) != (y > 0) ? 1 : 0;
        }
        return new Split(points, n, 2, labels, null);
    }

    private static Split spirals(int n, double noise, Random random) {
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double radius = random.nextDouble();
            double angle = radius * SPIRAL_TURNS * 2 * Math.PI + labels[i] * Math.PI;
            points[2 * i] = (float) (radius * Math.cos(angle) + noise * random.nextGaussian());
            points[2 * i + 1] = (float) (radius * Math.sin(angle) + noise * random.nextGaussian());
        }
        return new Split(points, n, 2, labels, null);
    }

    private static Split moons(int n, double noise, Random random) {
        int outer = n / 2;
        float[] points = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean inner = i >= outer;
            int index = inner ? i - outer : i;
            int count = inner ? n - outer : outer;
            double angle = count > 1 ? Math.PI * index / (count - 1) : 0; // evenly spaced, as make_moons
            double x = inner ? 1 - Math.cos(angle) : Math.cos(angle);
            double y = inner ? 0.5 - Math.sin(angle) : Math.sin(angle);
            points[2 * i] = (float) (x + noise * random.nextGaussian());
            points[2 * i + 1] = (float) (y + noise * random.nextGaussian());
            labels[i] = inner ? 1 : 0;
        }
        return new Split(points, n, 2, labels, null);
    }

    private static Split sine(int n, double noise, Random random) {
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            double x = Math.PI * (2 * random.nextDouble() - 1);
            xs[i] = (float) x;
            ys[i] = (float) (Math.sin(x) + noise * random.nextGaussian());
        }
        return new Split(xs, n, 1, null, ys);
    }
}
