package dlx.cli;

import dlx.InvalidInputException;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.data.Split;
import dlx.model.FirstConvolution;
import dlx.report.ImageGrid;
import dlx.run.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "filters", mixinStandardHelpOptions = true,
        description = {"Draw what a trained CNN's first convolution layer learned: its filters (the weights of input"
                + " channel 0), and the feature maps it makes of one image, after the layer's activation.",
                "It reads the run's checkpoints/best.zip (else last.zip), or the checkpoint file given. Each filter and"
                        + " each map is stretched to its own grey scale, lowest black and highest white; the filters are"
                        + " enlarged to the image's size."},
        footer = {"", "Examples:",
                "  dlx filters runs/20261201-120000-lenet5 --out filters.png",
                "  dlx filters runs/*-early-stopping --example 3 --split val"})
public final class FiltersCommand implements Callable<Integer> {
    private static final int SCALE = 3;

    @Parameters(paramLabel = "RUN", description = "A run folder, or a checkpoint .zip file.")
    Path run;

    @Option(names = "--example", defaultValue = "0", paramLabel = "N", description = "The image: row N of --split"
            + " (default: ${DEFAULT-VALUE}).")
    int example;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT", converter = EvalCommand.Splits.class,
            completionCandidates = EvalCommand.Splits.class, description = "test, val or train"
            + " (default: ${DEFAULT-VALUE}).")
    EvalCommand.Split split;

    @Option(names = "--out", defaultValue = "filters.png", paramLabel = "FILE", description = "A .png file"
            + " (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOptions backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PictureFile.require(out, ".png");
        Path file = EvalCommand.checkpointFile(run);
        backend.announce(backend.place());
        Checkpoint.Loaded loaded = Checkpoint.read(file);
        FirstConvolution conv = FirstConvolution.of(loaded.network()).orElseThrow(() -> new InvalidInputException(
                file + ": the network has no conv2d layer, so it has no filters to draw"));
        LoadedData data = DataSources.load(loaded.experiment().data(), loaded.experiment().seed(),
                Path.of("").toAbsolutePath());
        Split rows = switch (split) {
            case val -> data.validation();
            case train -> data.train();
            case test -> data.test();
        };
        if (rows.rows() == 0) {
            throw new InvalidInputException("--split " + split + ": this run's " + split + " split is empty"
                    + " (data.validation_split: 0 holds no validation rows); use another --split");
        }
        if (example < 0 || example >= rows.rows()) {
            throw new InvalidInputException("--example " + example + ": the " + split + " split has rows 0 to "
                    + (rows.rows() - 1));
        }
        float[] image = new float[rows.featureCount()];
        System.arraycopy(rows.features(), example * rows.featureCount(), image, 0, image.length);
        int height = data.inputShape().get(0);
        int width = data.inputShape().get(1);
        int enlarge = Math.max(1, Math.min(height / conv.kernelHeight(), width / conv.kernelWidth()));
        List<ImageGrid.Cell> filterRow = new ArrayList<>();
        for (float[] filter : conv.filters()) {
            filterRow.add(enlarged(new ImageGrid.Cell(filter, conv.kernelHeight(), conv.kernelWidth()), enlarge));
        }
        List<ImageGrid.Cell> mapRow = new ArrayList<>();
        for (FirstConvolution.FeatureMap map : conv.featureMaps(loaded.network(), image)) {
            mapRow.add(new ImageGrid.Cell(map.values(), map.height(), map.width()));
        }
        float[] grey = new float[height * width];
        int channels = data.inputShape().size() > 2 ? data.inputShape().get(2) : 1;
        for (int p = 0; p < grey.length; p++) {
            grey[p] = image[p * channels];
        }
        List<ImageGrid.Cell> imageRow = List.of(new ImageGrid.Cell(grey, height, width));
        List<String> headings = new ArrayList<>();
        for (int f = 1; f <= conv.filters().size(); f++) {
            headings.add("filter " + f);
        }
        String label = data.classNames().isEmpty() ? "" : data.classNames().get(rows.labels()[example]);
        ImageGrid.write(out, loaded.experiment().name() + ": first conv layer (" + conv.kernelHeight() + "x"
                        + conv.kernelWidth() + " filters) and its feature maps of " + split + " image " + example,
                headings, List.of("filters", "image: " + label, "feature maps"), List.of(filterRow, imageRow, mapRow),
                SCALE, true);
        spec.commandLine().getOut().println(out);
        spec.commandLine().getOut().flush();
        return ExitCodes.DONE;
    }

    /** Each value repeated {@code factor} times across and down, so a 5x5 filter reads beside a 28x28 image. */
    private static ImageGrid.Cell enlarged(ImageGrid.Cell cell, int factor) {
        int h = cell.height() * factor;
        int w = cell.width() * factor;
        float[] values = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                values[y * w + x] = cell.values()[(y / factor) * cell.width() + x / factor];
            }
        }
        return new ImageGrid.Cell(values, h, w);
    }
}
