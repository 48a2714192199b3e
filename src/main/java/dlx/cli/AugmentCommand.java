package dlx.cli;

import dlx.InvalidInputException;
import dlx.config.Experiment;
import dlx.data.Augmentation;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.data.Split;
import dlx.report.ImageGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Draw what data.augment does to the training images: one row per example, the image as it is"
                + " and then as the network sees it in epochs 1, 2, 3 … of a run of this config (the same seed, so"
                + " exactly what dlx train feeds it).",
                "The examples are the first --examples of the training split, after the seeded shuffle; the grey scale is"
                        + " shared by every cell (0 is black with normalize: scale). Only the first channel is drawn."},
        footer = {"", "Examples:",
                "  dlx augment --config configs/notes/augment-with.yaml --out augment.png",
                "  dlx augment --config configs/fashion-cnn.yaml --set 'data.augment={flip: true}'",
                "  dlx augment --config exp.yaml --examples 4 --epochs 8 --out grid.png"})
public final class AugmentCommand implements Callable<Integer> {
    private static final int SCALE = 3;
    private static final int MAX_EXAMPLES = 100;
    private static final int MAX_EPOCHS = 30;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The experiment file (.yaml, .yml or .json).")
    Path config;

    @Mixin
    OverrideOptions set;

    @Option(names = "--examples", defaultValue = "6", paramLabel = "N", description = "Rows: training examples drawn"
            + " (default: ${DEFAULT-VALUE}, at most " + MAX_EXAMPLES + ").")
    int examples;

    @Option(names = "--epochs", defaultValue = "7", paramLabel = "M", description = "Columns after the original: the"
            + " first M epochs (default: ${DEFAULT-VALUE}, at most " + MAX_EPOCHS + ").")
    int epochs;

    @Option(names = "--out", defaultValue = "augment.png", paramLabel = "FILE", description = "A .png file"
            + " (default: ${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (examples < 1 || examples > MAX_EXAMPLES) {
            throw new InvalidInputException("--examples: must be 1 to " + MAX_EXAMPLES + ", got " + examples);
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new InvalidInputException("--epochs: must be 1 to " + MAX_EPOCHS + ", got " + epochs);
        }
        PictureFile.require(out, ".png");
        Experiment experiment = ConfigCommand.load(config, set.overrides);
        if (experiment.data().augment() == null) {
            throw new InvalidInputException(config + ": data.augment is not set, so training sees the images as they are;"
                    + " add it, e.g. --set 'data.augment={flip: true, shift: 2}'");
        }
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), Path.of("").toAbsolutePath());
        Augmentation augmentation = Augmentation.of(experiment.data().augment(), data.inputShape(), experiment.seed());
        Split train = data.train();
        int height = data.inputShape().get(0);
        int width = data.inputShape().get(1);
        int channels = data.inputShape().get(2);
        List<String> headings = new ArrayList<>(List.of("original"));
        for (int e = 1; e <= epochs; e++) {
            headings.add("epoch " + e);
        }
        List<String> labels = new ArrayList<>();
        List<List<ImageGrid.Cell>> rows = new ArrayList<>();
        for (int r = 0; r < Math.min(examples, train.rows()); r++) {
            labels.add(data.classNames().get(train.labels()[r]));
            List<ImageGrid.Cell> row = new ArrayList<>();
            float[] original = new float[train.featureCount()];
            System.arraycopy(train.features(), r * train.featureCount(), original, 0, original.length);
            row.add(firstChannel(original, height, width, channels));
            for (int e = 0; e < epochs; e++) {
                float[] seen = original.clone();
                if (augmentation != null) {
                    augmentation.apply(seen, 0, r, e);
                }
                row.add(firstChannel(seen, height, width, channels));
            }
            rows.add(row);
        }
        ImageGrid.write(out, experiment.name() + ": data.augment " + describe(experiment.data().augment()), headings,
                labels, rows, SCALE, false);
        spec.commandLine().getOut().println(out);
        spec.commandLine().getOut().flush();
        return ExitCodes.DONE;
    }

    private static ImageGrid.Cell firstChannel(float[] image, int height, int width, int channels) {
        float[] grey = new float[height * width];
        for (int p = 0; p < grey.length; p++) {
            grey[p] = image[p * channels];
        }
        return new ImageGrid.Cell(grey, height, width);
    }

    private static String describe(dlx.config.DataConfig.Augment augment) {
        List<String> parts = new ArrayList<>();
        if (augment.flip()) {
            parts.add("flip");
        }
        if (augment.rotate() > 0) {
            parts.add("rotate ±" + (augment.rotate() == Math.rint(augment.rotate())
                    ? String.valueOf((int) (double) augment.rotate()) : augment.rotate()) + "°");
        }
        if (augment.shift() > 0) {
            parts.add("shift ±" + augment.shift() + " px");
        }
        if (augment.crop() > 0) {
            parts.add("crop, padding " + augment.crop() + " px");
        }
        return parts.isEmpty() ? "(nothing)" : String.join(", ", parts);
    }
}
