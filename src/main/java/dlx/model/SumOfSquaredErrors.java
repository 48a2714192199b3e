package dlx.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

/**
 * The sum of squared errors with the notes' ½: ½·Σ (y − t)² over the output units, so that its gradient is y − t.
 * DL4J's {@link LossL2} is the same sum without the ½; this halves its score and gradient. On softmax outputs
 * with one-hot targets it is the notes' first classification loss.
 */
public class SumOfSquaredErrors extends PlainLoss {
    // Delegated to, not extended: LossL2's methods call each other, which would halve twice.
    private static final LossL2 SQUARES = new LossL2();

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return 0.5 * SQUARES.computeScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return SQUARES.computeScoreArray(labels, preOutput, activationFn, mask).muli(0.5);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return SQUARES.computeGradient(labels, preOutput, activationFn, mask).muli(0.5);
    }
}
