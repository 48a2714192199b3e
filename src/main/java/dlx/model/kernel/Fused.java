package dlx.model.kernel;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * The activations a kernel applies in its own loop, fused with the bias, and whose derivative it reads
 * from the activation's output alone. Any other activation goes through DL4J's own implementation
 * ({@link #GENERIC}), on the kernel's arrays.
 */
enum Fused {
    IDENTITY, RELU, LEAKY_RELU, TANH, SIGMOID, SOFTMAX, GENERIC;

    static Fused of(IActivation activation) {
        if (activation instanceof ActivationIdentity) {
            return IDENTITY;
        }
        // DL4J's ReLU has a threshold, a cap and a negative slope; dlx builds it with none of them
        if (activation instanceof ActivationReLU relu && relu.getMax() == null && zeroOrNull(relu.getThreshold())
                && zeroOrNull(relu.getNegativeSlope())) {
            return RELU;
        }
        // the derivative read from the output needs output > 0 exactly where input > 0
        if (activation instanceof ActivationLReLU leaky && leaky.getAlpha() >= 0) {
            return LEAKY_RELU;
        }
        if (activation instanceof ActivationTanH) {
            return TANH;
        }
        if (activation instanceof ActivationSigmoid) {
            return SIGMOID;
        }
        if (activation instanceof ActivationSoftmax) {
            return SOFTMAX;
        }
        return GENERIC;
    }

    private static boolean zeroOrNull(Double value) {
        return value == null || value == 0.0;
    }

    /** Element-wise: the derivative can be computed from the output (softmax is per row; generic needs the input). */
    boolean elementWise() {
        return this != SOFTMAX && this != GENERIC;
    }
}
