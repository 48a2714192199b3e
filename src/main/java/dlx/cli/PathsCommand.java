package dlx.cli;

import dlx.InvalidInputException;
import dlx.config.DidYouMean;
import dlx.config.OptimizerConfig;
import dlx.config.OptimizerSpec;
import dlx.console.TextTable;
import dlx.optim.path.OptimizerPath;
import dlx.optim.path.Surface;
import dlx.report.ContourChart;
import dlx.report.Series;
import dlx.run.Json;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "paths", mixinStandardHelpOptions = true,
        description = {"Run optimizers on a function of two variables and draw their paths over its contour lines.",
                "(x, y) is a layer of two weights, and each step is made by the DL4J updater that trains networks with"
                        + " that optimizer, fed the function's analytic gradient: (x, y) -= update.",
                "It prints where each path ended and f there, or with --json every point.",
                "",
                "Functions, and the start, steps and optimizers they have by default:",
                "  quadratic   x²/20 + y², minimum at (0, 0)",
                "              from -7,2, 30 steps: sgd:lr=0.95 momentum:lr=0.1,momentum=0.9",
                "              adagrad:lr=1.5 adam:lr=0.3",
                "  rosenbrock  (1 − x)² + 100·(y − x²)², minimum at (1, 1)",
                "              from -1.2,1, 500 steps: sgd:lr=0.0007",
                "              momentum:lr=0.0002,momentum=0.9 adagrad:lr=0.3 adam:lr=0.05",
                "  beale       (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²,",
                "              minimum at (3, 0.5); from 1,1.5, 300 steps: sgd:lr=0.01",
                "              momentum:lr=0.001,momentum=0.9 adagrad:lr=0.5 adam:lr=0.1",
                ""},
        footer = {"", "Examples:",
                "  dlx paths --out paths.png           (the classic figure: four optimizers on x²/20 + y²)",
                "  dlx paths --optimizer sgd:lr=0.95 --optimizer nesterov:lr=0.1,momentum=0.9 \\",
                "      --steps 50 --out p.svg",
                "  dlx paths --function rosenbrock --start -1.5,2 --optimizer adam:lr=0.05 \\",
                "      --optimizer rmsprop:lr=0.01 --out r.png",
                "  dlx paths --json --out paths.png | jq '.paths[0].points[-1]'"})
public final class PathsCommand implements Callable<Integer> {
    @Option(names = "--function", defaultValue = "quadratic", paramLabel = "NAME",
            description = "quadratic, rosenbrock or beale (default: ${DEFAULT-VALUE}).")
    String function;

    @Option(names = "--start", paramLabel = "X,Y", description = "Where every path starts (default: the function's own).")
    String start;

    @Option(names = "--steps", paramLabel = "N", description = "Steps per optimizer (default: the function's own).")
    Integer steps;

    @Option(names = "--optimizer", paramLabel = "SPEC",
            description = "TYPE or TYPE:key=value,… with the keys of an experiment file's optimizer section (lr, momentum,"
                    + " beta1, beta2, epsilon, rho, l1 …), e.g. momentum:lr=0.1,momentum=0.9; repeat it for each path"
                    + " (default: the function's own). Types: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamax,"
                    + " nadam, amsgrad, adadelta, ftrl.")
    List<String> optimizers;

    @Option(names = "--out", paramLabel = "FILE", description = "A .png or .svg file (default: paths-FUNCTION.png).")
    Path out;

    @Mixin
    JsonOption output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Surface.NAMES.contains(function)) {
            throw new InvalidInputException("--function: '" + function + "' is not one of " + String.join(", ", Surface.NAMES)
                    + DidYouMean.hint(function, Surface.NAMES));
        }
        Surface surface = Surface.named(function);
        double[] from = start == null ? surface.start() : point(start);
        int n = steps == null ? surface.steps() : steps;
        if (n < 1) {
            throw new InvalidInputException("--steps: must be a whole number > 0, got " + n);
        }
        Path file = out != null ? out : Path.of("paths-" + function + ".png");
        PictureFile.require(file, ".png", ".svg");
        List<String> specs = optimizers == null ? surface.optimizers() : optimizers.stream().map(String::trim).toList();
        Map<String, OptimizerConfig> resolved = new LinkedHashMap<>();
        for (String spec : specs) {
            if (resolved.put(spec, OptimizerSpec.parse("--optimizer", spec)) != null) {
                throw new InvalidInputException("--optimizer " + spec + ": given twice");
            }
        }

        List<Series> lines = new ArrayList<>();
        List<Traced> traced = new ArrayList<>();
        for (var entry : resolved.entrySet()) {
            OptimizerPath path = OptimizerPath.trace(surface, entry.getValue(), from[0], from[1], n);
            lines.add(new Series(entry.getKey(), path.x(), path.y()));
            traced.add(Traced.of(entry.getKey(), entry.getValue(), path, surface));
        }
        ContourChart.write(file, "f(x, y) = " + surface.formula() + ", " + n + " steps from (" + number(from[0]) + ", "
                + number(from[1]) + ")", surface::value, surface.window(), surface.minimum(), lines);

        PrintWriter console = spec.commandLine().getOut();
        if (output.json) {
            console.println(Json.MAPPER.writeValueAsString(
                    new Report(function, surface.formula(), from, n, file.toString(), traced)));
            return ExitCodes.DONE;
        }
        TextTable table = new TextTable().row("optimizer", "x", "y", "f", "");
        for (Traced t : traced) {
            double[] end = t.points()[t.points().length - 1];
            table.row(t.optimizer(), number(end[0]), number(end[1]), number(end[2]),
                    t.diverged() ? "diverged at step " + t.points().length : "");
        }
        console.print(table.render());
        console.println(file);
        return ExitCodes.DONE;
    }

    /** What --json prints. */
    record Report(String function, String formula, double[] start, int steps, String out, List<Traced> paths) {
    }

    /**
     * One optimizer's path.
     *
     * @param optimizer the spec as given
     * @param config    the spec resolved, every default filled in
     * @param diverged  whether it left the finite numbers (its points end before)
     * @param points    (x, y, f) of the start and of each step
     */
    record Traced(String optimizer, OptimizerConfig config, boolean diverged, double[][] points) {
        static Traced of(String spec, OptimizerConfig config, OptimizerPath path, Surface surface) {
            double[] f = path.values(surface);
            double[][] points = new double[f.length][];
            for (int i = 0; i < f.length; i++) {
                points[i] = new double[] {path.x()[i], path.y()[i], f[i]};
            }
            return new Traced(spec, config, path.diverged(), points);
        }
    }

    private static double[] point(String text) {
        String[] parts = text.split(",", -1);
        try {
            if (parts.length == 2) {
                double[] p = {Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())};
                if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                    return p;
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new InvalidInputException("--start: expected two numbers X,Y such as -7,2, got '" + text + "'");
    }

    /** Four significant digits; an exponent only for the very small and the very large. */
    private static String number(double v) {
        if (v != 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
