package dlx.cli;

import dlx.InvalidInputException;
import dlx.config.ActivationConfig;
import dlx.model.ActivationCurve;
import dlx.report.PanelChart;
import dlx.report.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "functions", mixinStandardHelpOptions = true,
        description = {"Draw activation functions and their derivatives, one panel each, the panels sharing their axes.",
                "Each curve is computed by the DL4J function a layer of that activation uses: f by its forward pass,"
                        + " f' by its backpropagation. Softmax is drawn over two inputs (x, 0): its first output,"
                        + " e^x / (e^x + 1), and that output's derivative. leaky_relu:A sets the negative slope A"
                        + " (default 0.01)."},
        footer = {"", "Examples:",
                "  dlx functions --out docs/img/activation-functions.png      (the notes' six)",
                "  dlx functions gelu swish softplus --from -6 --to 6 --out smooth.png",
                "  dlx functions relu leaky_relu:0.2 elu --out relus.svg"})
public final class FunctionsCommand implements Callable<Integer> {
    private static final int POINTS = 401;
    private static final List<String> NOTES = List.of("sigmoid", "tanh", "relu", "leaky_relu:0.1", "elu", "softmax");

    @Parameters(arity = "0..*", paramLabel = "NAME", description = "Activations: " + "sigmoid, tanh, relu, leaky_relu[:A],"
            + " elu, selu, gelu, swish, softplus, softmax, identity (default: sigmoid tanh relu leaky_relu:0.1 elu softmax).")
    List<String> names = new ArrayList<>();

    @Option(names = "--from", defaultValue = "-4", paramLabel = "X", description = "Default: ${DEFAULT-VALUE}.")
    double from;

    @Option(names = "--to", defaultValue = "4", paramLabel = "X", description = "Default: ${DEFAULT-VALUE}.")
    double to;

    @Option(names = "--out", defaultValue = "functions.png", paramLabel = "FILE", description = "A .png or .svg file"
            + " (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!(from < to) || !Double.isFinite(from) || !Double.isFinite(to)) {
            throw new InvalidInputException("--from " + from + " --to " + to + ": need two finite numbers, from < to");
        }
        PictureFile.require(out, ".png", ".svg");
        List<ActivationConfig> activations = (names.isEmpty() ? NOTES : names).stream().map(FunctionsCommand::parse).toList();
        List<PanelChart.Panel> panels = new ArrayList<>();
        for (ActivationConfig activation : activations) {
            ActivationCurve curve = ActivationCurve.of(activation, from, to, POINTS);
            String name = activation.type().equals("softmax") ? "softmax(x, 0)₁" : activation.toString();
            panels.add(new PanelChart.Panel(name, List.of(new Series("f(x)", curve.x(), curve.value()),
                    new Series("f'(x)", curve.x(), curve.slope())), List.of()));
        }
        PanelChart.write(out, "activation functions f and their derivatives f'", "x", "", panels, false);
        spec.commandLine().getOut().println(out);
        spec.commandLine().getOut().flush();
        return ExitCodes.DONE;
    }

    /** NAME, or leaky_relu:A. */
    private static ActivationConfig parse(String given) {
        String[] parts = given.split(":", 2);
        if (!ActivationConfig.TYPES.contains(parts[0])) {
            throw new InvalidInputException(given + ": not an activation; one of " + String.join(", ", ActivationConfig.TYPES)
                    + dlx.config.DidYouMean.hint(parts[0], ActivationConfig.TYPES));
        }
        if (parts.length == 1) {
            return parts[0].equals("leaky_relu") ? new ActivationConfig("leaky_relu", 0.01) : ActivationConfig.named(parts[0]);
        }
        if (!parts[0].equals("leaky_relu")) {
            throw new InvalidInputException(given + ": only leaky_relu takes a value (its negative slope)");
        }
        try {
            double alpha = Double.parseDouble(parts[1]);
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new NumberFormatException();
            }
            return new ActivationConfig("leaky_relu", alpha);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(given + ": the slope must be a number >= 0, got '" + parts[1] + "'");
        }
    }
}
