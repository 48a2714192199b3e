import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.util.Locale;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The MLP's first multiply, [128, 784] x [784, 256], timed two ways at a given number of BLAS threads: through
 * ND4J's {@code mmuli} (what DL4J's dense layer calls) and as a direct {@code cblas_sgemm} into the same
 * OpenBLAS that ND4J loads. The difference is ND4J's own cost around the multiply.
 *
 * <p>Run from the repository root: {@code OMP_NUM_THREADS=1 java -cp target/dlx.jar bench/Gemm.java THREADS}.
 * Prints one JSON line per way, the best of five rounds of 2,000 multiplies.
 */
public class Gemm {
    private static final int M = 128;
    private static final int K = 784;
    private static final int N = 256;
    private static final int CALLS = 2000;

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        Nd4j.factory().blas().setMaxThreads(threads);
        INDArray x = Nd4j.rand(DataType.FLOAT, M, K);
        INDArray w = Nd4j.rand(DataType.FLOAT, K, N);
        INDArray out = Nd4j.create(DataType.FLOAT, M, N);
        report("nd4j mmuli", threads, best(() -> x.mmuli(w, out)));

        FloatPointer a = new FloatPointer(x.data().asFloat());
        FloatPointer b = new FloatPointer(w.data().asFloat());
        FloatPointer c = new FloatPointer((long) M * N);
        report("cblas_sgemm", threads, best(() -> cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K,
                1f, a, K, b, N, 0f, c, N)));
    }

    /** Seconds per call, the best of five rounds. */
    private static double best(Runnable multiply) {
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                multiply.run();
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9 / CALLS);
        }
        return best;
    }

    private static void report(String way, int threads, double seconds) {
        System.out.println(String.format(Locale.ROOT, "{\"way\": \"%s\", \"threads\": %d, \"ms\": %.3f, \"gflops\": %.1f}",
                way, threads, seconds * 1e3, 2.0 * M * K * N / seconds / 1e9));
    }
}
