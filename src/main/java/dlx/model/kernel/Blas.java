package dlx.model.kernel;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Matrix products straight into the OpenBLAS that ND4J loads: transposes are BLAS flags, results land
 * in the arrays the caller gives (gradient views included), and nothing is allocated or checked per
 * call beyond what BLAS does. ND4J's own {@code mmul} wrapper costs about 10% on one thread and most of
 * a second thread's gain (BENCHMARKS.md).
 *
 * <p>OpenBLAS always runs one thread here. With two threads, a large product is cut in two halves along
 * its longer side (at a multiple of 16), the second computed on {@link ProductThread}: this keeps a run
 * fast on a busy machine, and makes its numbers depend on the thread count only, not on timing.
 */
final class Blas {
    /**
     * Products with fewer multiply-adds than this run on one thread: below it a second thread's hand-over costs
     * more than it saves (OpenBLAS's own cut-off, 2^18, is far lower).
     */
    static final long MIN_THREADED_WORK = 1L << 22;
    private static final int SPLIT_MULTIPLE = 16;
    private static int threads = 1;
    private static boolean singleThreadedOpenBlas;

    private Blas() {
    }

    /** c = alpha * a * b + beta * c, with a [m, k], b [k, n] and c [m, n]. */
    static void gemm(Matrix a, Matrix b, Matrix c, double alpha, double beta) {
        if (a.cols() != b.rows() || a.rows() != c.rows() || b.cols() != c.cols()) {
            throw new IllegalArgumentException("cannot multiply " + a.rows() + "x" + a.cols() + " by " + b.rows() + "x"
                    + b.cols() + " into " + c.rows() + "x" + c.cols());
        }
        if (c.transposed()) {
            gemm(b.t(), a.t(), c.t(), alpha, beta); // c^T = b^T a^T, and c^T is row-major
            return;
        }
        int m = c.rows();
        int n = c.cols();
        int k = a.cols();
        if (m == 0 || n == 0) {
            return;
        }
        if (!singleThreadedOpenBlas) {
            openblas_nolapack.blas_set_num_threads(1);
            singleThreadedOpenBlas = true;
        }
        if (threads > 1 && (long) m * n * k >= MIN_THREADED_WORK) {
            split(a, b, c, alpha, beta);
            return;
        }
        call(a, b, c, alpha, beta);
    }

    /**
     * Two halves of c, along the side whose cut repacks less: cutting c's columns repacks a (m·k values),
     * cutting its rows repacks b (k·n).
     */
    private static void split(Matrix a, Matrix b, Matrix c, double alpha, double beta) {
        int m = c.rows();
        int n = c.cols();
        long size = c.isDouble() ? 8 : 4;
        if (m <= n) {
            int cut = n / 2 / SPLIT_MULTIPLE * SPLIT_MULTIPLE;
            if (cut == 0) {
                call(a, b, c, alpha, beta);
                return;
            }
            Matrix bLeft = b.columns(0, cut);
            Matrix bRight = b.columns(cut, n - cut);
            Matrix cLeft = new Matrix(c.address(), m, cut, c.ld(), false, c.isDouble());
            Matrix cRight = new Matrix(c.address() + cut * size, m, n - cut, c.ld(), false, c.isDouble());
            ProductThread.get().both(() -> call(a, bLeft, cLeft, alpha, beta), () -> call(a, bRight, cRight, alpha, beta));
        } else {
            int cut = m / 2 / SPLIT_MULTIPLE * SPLIT_MULTIPLE;
            if (cut == 0) {
                call(a, b, c, alpha, beta);
                return;
            }
            Matrix aTop = a.t().columns(0, cut).t();
            Matrix aBottom = a.t().columns(cut, m - cut).t();
            Matrix cTop = new Matrix(c.address(), cut, n, c.ld(), false, c.isDouble());
            Matrix cBottom = new Matrix(c.address() + (long) cut * c.ld() * size, m - cut, n, c.ld(), false, c.isDouble());
            ProductThread.get().both(() -> call(aTop, b, cTop, alpha, beta), () -> call(aBottom, b, cBottom, alpha, beta));
        }
    }

    private static void call(Matrix a, Matrix b, Matrix c, double alpha, double beta) {
        int m = c.rows();
        int n = c.cols();
        int k = a.cols();
        int transA = a.transposed() ? CblasTrans : CblasNoTrans;
        int transB = b.transposed() ? CblasTrans : CblasNoTrans;
        if (c.isDouble()) {
            openblas_nolapack.cblas_dgemm(CblasRowMajor, transA, transB, m, n, k, alpha, new DoubleAt(a.address()), a.ld(),
                    new DoubleAt(b.address()), b.ld(), beta, new DoubleAt(c.address()), c.ld());
        } else {
            openblas_nolapack.cblas_sgemm(CblasRowMajor, transA, transB, m, n, k, (float) alpha, new FloatAt(a.address()),
                    a.ld(), new FloatAt(b.address()), b.ld(), (float) beta, new FloatAt(c.address()), c.ld());
        }
    }

    /**
     * The threads OpenBLAS splits the kernels' large products over. OpenBLAS splits a product's rows and
     * columns, never the sum along the inner dimension, so every element is summed in the same order and
     * the result does not depend on the thread count.
     */
    static void threads(int count) {
        threads = Math.max(1, count);
    }

    static int threads() {
        return threads;
    }

    /** A pointer to memory someone else owns: nothing to allocate or free. */
    private static final class FloatAt extends FloatPointer {
        FloatAt(long address) {
            this.address = address;
        }
    }

    private static final class DoubleAt extends DoublePointer {
        DoubleAt(long address) {
            this.address = address;
        }
    }
}
