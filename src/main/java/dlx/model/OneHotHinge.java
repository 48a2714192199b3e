package dlx.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossHinge;

/**
 * The hinge loss max(0, 1 - y·ŷ) summed over the output units, for dlx's one-hot labels: DL4J's
 * {@link LossHinge} expects targets of -1 and 1, so 0 becomes -1 (one-vs-rest hinge, as an SVM per class).
 * Without this, the 0 entries would contribute a constant and the wrong classes would never be pushed down.
 */
public class OneHotHinge implements ILossFunction {
    // Delegated to, not extended: LossHinge's methods call each other, which would convert the labels twice.
    private static final LossHinge HINGE = new LossHinge();

    private static INDArray signed(INDArray oneHot) {
        return oneHot.mul(2.0).subi(1.0);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return HINGE.computeScore(signed(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return HINGE.computeScoreArray(signed(labels), preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return HINGE.computeGradient(signed(labels), preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return HINGE.computeGradientAndScore(signed(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public String name() {
        return "OneHotHinge";
    }

    @Override
    public String toString() {
        return "OneHotHinge()";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OneHotHinge;
    }

    @Override
    public int hashCode() {
        return OneHotHinge.class.hashCode();
    }
}
