package dlx.optim.path;

import java.util.Arrays;
import java.util.List;

/**
 * A function of two variables with its analytic gradient, on which optimizers can be watched: each
 * comes with the window, start, number of steps and optimizers of a picture that shows them apart.
 */
public enum Surface {
    /** The elongated bowl of "Deep Learning from Scratch", ch. 6: steep in y, nearly flat in x. */
    QUADRATIC("quadratic", "x²/20 + y²", new double[] {-10, 10, -5, 5}, new double[] {0, 0}, new double[] {-7, 2}, 30,
            List.of("sgd:lr=0.95", "momentum:lr=0.1,momentum=0.9", "adagrad:lr=1.5", "adam:lr=0.3")) {
        @Override
        public double value(double x, double y) {
            return x * x / 20 + y * y;
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {x / 10, 2 * y};
        }
    },
    /** A curved, flat-bottomed valley: easy to reach, slow to follow to the minimum at (1, 1). */
    ROSENBROCK("rosenbrock", "(1 − x)² + 100·(y − x²)²", new double[] {-2, 2, -1, 3}, new double[] {1, 1},
            new double[] {-1.2, 1}, 500,
            List.of("sgd:lr=0.0007", "momentum:lr=0.0002,momentum=0.9", "adagrad:lr=0.3", "adam:lr=0.05")) {
        @Override
        public double value(double x, double y) {
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }

        @Override
        public double[] gradient(double x, double y) {
            return new double[] {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)};
        }
    },
    /** Flat plateaus and steep walls; the minimum is at (3, 0.5). */
    BEALE("beale", "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", new double[] {-4.5, 4.5, -4.5, 4.5},
            new double[] {3, 0.5}, new double[] {1, 1.5}, 300,
            List.of("sgd:lr=0.01", "momentum:lr=0.001,momentum=0.9", "adagrad:lr=0.5", "adam:lr=0.1")) {
        @Override
        public double value(double x, double y) {
            double a = 1.5 - x + x * y;
            double b = 2.25 - x + x * y * y;
            double c = 2.625 - x + x * y * y * y;
            return a * a + b * b + c * c;
        }

        @Override
        public double[] gradient(double x, double y) {
            double a = 1.5 - x + x * y;
            double b = 2.25 - x + x * y * y;
            double c = 2.625 - x + x * y * y * y;
            return new double[] {2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1),
                    2 * a * x + 4 * b * x * y + 6 * c * x * y * y};
        }
    };

    public static final List<String> NAMES = Arrays.stream(values()).map(Surface::configName).toList();

    private final String name;
    private final String formula;
    private final double[] window;
    private final double[] minimum;
    private final double[] start;
    private final int steps;
    private final List<String> optimizers;

    Surface(String name, String formula, double[] window, double[] minimum, double[] start, int steps,
            List<String> optimizers) {
        this.name = name;
        this.formula = formula;
        this.window = window;
        this.minimum = minimum;
        this.start = start;
        this.steps = steps;
        this.optimizers = optimizers;
    }

    public abstract double value(double x, double y);

    /** (∂f/∂x, ∂f/∂y) at (x, y). */
    public abstract double[] gradient(double x, double y);

    public static Surface named(String name) {
        return values()[NAMES.indexOf(name)];
    }

    public String configName() {
        return name;
    }

    /** f(x, y) written out, for a chart's title. */
    public String formula() {
        return formula;
    }

    /** {xMin, xMax, yMin, yMax}: what a picture of the surface shows. */
    public double[] window() {
        return window.clone();
    }

    /** Where f is smallest. */
    public double[] minimum() {
        return minimum.clone();
    }

    /** The default starting point. */
    public double[] start() {
        return start.clone();
    }

    /** The default number of steps. */
    public int steps() {
        return steps;
    }

    /** The default optimizers, as {@code TYPE:key=value,…} specs. */
    public List<String> optimizers() {
        return optimizers;
    }
}
