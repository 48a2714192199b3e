import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.data.Batches;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.model.NetworkFactory;
import dlx.model.kernel.KernelStep;
import dlx.model.kernel.Kernels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The bare DL4J loop of bench/run.sh: the network, data and batches dlx would use for CONFIG, trained
 * with nothing else (no listeners, no evaluation pass, no checkpoints), to show dlx's own overhead. Like
 * dlx it trains with dlx's kernel step where the network allows it (model.kernels: stock turns both off),
 * gives the kernels' large products the threads dlx gives them, and frees each batch once trained on.
 *
 * <p>Run from the repository root: {@code java -cp target/dlx.jar bench/BareLoop.java CONFIG [EPOCHS [BLAS_THREADS]]}.
 * BLAS_THREADS gives OpenBLAS's multiplies that many threads while ND4J's other ops keep OMP_NUM_THREADS.
 * Prints one JSON line like torch_reference.py.
 */
public class BareLoop {
    public static void main(String[] args) {
        long launch = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli())
                .orElse(System.currentTimeMillis());
        Path base = Path.of("").toAbsolutePath();
        Experiment experiment = ExperimentFile.load(Path.of(args[0]), List.of(),
                data -> DataSources.inputShape(data, base));
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : experiment.training().epochs();
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), base);
        MultiLayerNetwork network = NetworkFactory.build(experiment);
        if (args.length > 2) {
            Nd4j.factory().blas().setMaxThreads(Integer.parseInt(args[2]));
        }
        if (!Kernels.layersWithKernel(network).isEmpty()) { // dlx's product threads, as TrainingRun sets them
            Kernels.useThreads(Kernels.threads(System.getenv(Kernels.THREADS_ENV), Runtime.getRuntime().availableProcessors()));
        }
        KernelStep step = KernelStep.of(network).orElse(null);
        Batches batches = new Batches(data.train(), data.classes(), experiment.model().inputShape().sequenceLength(),
                experiment.training().batchSize(), true, experiment.seed());

        List<Double> seconds = new ArrayList<>();
        double firstIteration = -1;
        for (int epoch = 0; epoch < epochs; epoch++) {
            batches.setEpoch(epoch);
            long start = System.nanoTime();
            while (batches.hasNext()) {
                var batch = batches.next();
                if (step != null) {
                    step.fit(batch);
                } else {
                    network.fit(batch);
                }
                batches.release();
                if (firstIteration < 0) {
                    firstIteration = (System.currentTimeMillis() - launch) / 1000.0;
                }
            }
            seconds.add((System.nanoTime() - start) / 1e9);
        }
        List<Double> steady = seconds.size() > 1 ? seconds.subList(1, seconds.size()) : seconds;
        double steadyRate = data.train().rows() * steady.size() / steady.stream().mapToDouble(d -> d).sum();
        System.out.println(String.format(Locale.ROOT,
                "{\"tool\": \"bare dl4j\", \"model\": \"%s\", \"first_epoch_s\": %.2f, \"steady_samples_per_s\": %.0f,"
                        + " \"launch_to_first_iteration_s\": %.2f}",
                experiment.name(), seconds.get(0), steadyRate, firstIteration));
    }
}
