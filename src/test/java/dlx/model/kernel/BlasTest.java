package dlx.model.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The kernels' products: ND4J's results for every layout, on one thread or two, whatever thread does what. */
class BlasTest {
    @AfterEach
    void oneThread() {
        Blas.threads(1);
        ProductThread.get().idle = false;
    }

    private static INDArray random(long rows, long cols, char order) {
        return Nd4j.rand(DataType.FLOAT, rows, cols).subi(0.5).dup(order);
    }

    @Test
    void productsAreNd4jsForEveryOrderOfTheOperandsAndTheResultOnOneThreadOrTwo() {
        Random random = new Random(4);
        for (int trial = 0; trial < 24; trial++) {
            Blas.threads(1 + trial % 2);
            boolean large = trial % 3 == 0;
            int m = large ? 200 + random.nextInt(100) : 1 + random.nextInt(40);
            int n = large ? 200 + random.nextInt(100) : 1 + random.nextInt(40);
            int k = large ? 100 + random.nextInt(100) : 1 + random.nextInt(40);
            Nd4j.getRandom().setSeed(trial);
            INDArray a = random(m, k, random.nextBoolean() ? 'c' : 'f');
            INDArray b = random(k, n, random.nextBoolean() ? 'c' : 'f');
            INDArray c = Nd4j.create(DataType.FLOAT, new long[] {m, n}, random.nextBoolean() ? 'c' : 'f').assign(1);
            INDArray expected = a.mmul(b).muli(0.5).addi(c.mul(2));
            Blas.gemm(Matrix.of(a), Matrix.of(b), Matrix.of(c), 0.5, 2);
            double error = c.sub(expected).amaxNumber().doubleValue();
            assertThat(error).as("trial %d: %dx%d by %dx%d", trial, m, k, k, n).isLessThan(1e-5 * Math.max(1, k));
        }
    }

    @Test
    void whichThreadComputesAHalfOfAProductChangesNoBit() {
        Blas.threads(2);
        for (int[] shape : new int[][] {{128, 784, 256}, {512, 128, 128}, {256, 128, 784}}) {
            Nd4j.getRandom().setSeed(shape[0]);
            INDArray a = random(shape[0], shape[1], 'c');
            INDArray b = random(shape[1], shape[2], 'f');
            assertThat((long) shape[0] * shape[1] * shape[2]).isGreaterThanOrEqualTo(Blas.MIN_THREADED_WORK);
            INDArray shared = Nd4j.create(DataType.FLOAT, shape[0], shape[2]);
            Blas.gemm(Matrix.of(a), Matrix.of(b), Matrix.of(shared), 1, 0);
            ProductThread.get().idle = true; // the second thread gets no core: the caller computes both halves
            INDArray alone = Nd4j.create(DataType.FLOAT, shape[0], shape[2]);
            Blas.gemm(Matrix.of(a), Matrix.of(b), Matrix.of(alone), 1, 0);
            ProductThread.get().idle = false;
            assertThat(alone.data().asFloat()).containsExactly(shared.data().asFloat());
        }
    }
}
