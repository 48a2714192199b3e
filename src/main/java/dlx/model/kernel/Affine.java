package dlx.model.kernel;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The products of a layer x W + b on DL4J's parameter views, W being [nIn, nOut]: forward, weight gradient
 * and input gradient, each one BLAS call with the transposes as flags.
 */
final class Affine {
    private Affine() {
    }

    /** The input as a matrix BLAS can read, in the parameters' data type (copied only when it is not). */
    static INDArray matrixInput(INDArray x, DataType dataType) {
        INDArray input = x.dataType() == dataType ? x : x.castTo(dataType);
        return Matrix.fits(input) ? input : input.dup('c');
    }

    /** out = x W (the bias is added by the caller's element-wise pass). */
    static void forward(INDArray x, INDArray weights, INDArray out) {
        Blas.gemm(Matrix.of(x), Matrix.of(weights), Matrix.of(out), 1, 0);
    }

    /** dW = x^T delta, written into the gradient view. */
    static void weightGradient(INDArray x, INDArray delta, INDArray weightGradient) {
        Blas.gemm(Matrix.of(x).t(), Matrix.of(delta), Matrix.of(weightGradient), 1, 0);
    }

    /** epsilon = delta W^T, the gradient for the layer below. */
    static void inputGradient(INDArray delta, INDArray weights, INDArray epsilon) {
        Blas.gemm(Matrix.of(delta), Matrix.of(weights).t(), Matrix.of(epsilon), 1, 0);
    }
}
