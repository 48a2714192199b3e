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
 */
final class Blas {
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

    /** The number of threads OpenBLAS splits a large product over (it keeps small ones on one). */
    static void threads(int threads) {
        openblas_nolapack.blas_set_num_threads(threads);
    }

    static int threads() {
        return openblas_nolapack.blas_get_num_threads();
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
