import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.data.Batches;
import dlx.data.DataSources;
import dlx.data.LoadedData;
import dlx.model.NetworkFactory;
import dlx.model.kernel.KernelStep;
import dlx.model.kernel.Kernels;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Where a batch's time goes, outside a profiler's sampling bias: the milliseconds of dlx's training step alone
 * (forward, loss, backward and the update, on one batch over and over) and of gathering a batch from the
 * training set (what bench/run.sh's samples/s also pays), for 1 and 2 product threads. Needs a network dlx's
 * kernel step takes (bench/mlp.yaml, bench/lstm.yaml).
 *
 * <p>Run from the repository root: {@code OMP_NUM_THREADS=1 java -cp target/dlx.jar bench/StepTime.java CONFIG [STEPS]}.
 */
public class StepTime {
    public static void main(String[] args) {
        Path base = Path.of("").toAbsolutePath();
        Experiment experiment = ExperimentFile.load(Path.of(args[0]), List.of(), data -> DataSources.inputShape(data, base));
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        LoadedData data = DataSources.load(experiment.data(), experiment.seed(), base);
        MultiLayerNetwork network = NetworkFactory.build(experiment);
        KernelStep step = KernelStep.of(network).orElseThrow(() -> new IllegalArgumentException(
                args[0] + ": dlx's kernel step does not take this network"));
        Batches batches = new Batches(data.train(), data.classes(), experiment.model().inputShape().sequenceLength(),
                experiment.training().batchSize(), true, experiment.seed());
        batches.setEpoch(0);
        var batch = batches.next();
        for (int threads : new int[] {1, 2, 1, 2}) { // twice each: the first round of each warms the JIT
            Kernels.useThreads(threads);
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.fit(batch);
            }
            double stepMs = (System.nanoTime() - start) / 1e6 / steps;
            batches.setEpoch(threads);
            batches.next();
            batches.release(); // not the batch the step trains on
            start = System.nanoTime();
            int gathered = 0;
            while (batches.hasNext() && gathered < steps) {
                batches.next();
                batches.release();
                gathered++;
            }
            double gatherMs = (System.nanoTime() - start) / 1e6 / gathered;
            System.out.println(String.format(Locale.ROOT, "%s, %d product thread(s): step %.3f ms, gathering a batch %.3f ms,"
                    + " %.0f samples/s from the two", experiment.name(), threads, stepMs, gatherMs,
                    experiment.training().batchSize() * 1000 / (stepMs + gatherMs)));
        }
    }
}
