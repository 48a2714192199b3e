package dlx.model;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossUtil;

/**
 * The root mean squared error as a loss: L = √(Σ (y − t)² / N) over the N (unmasked) outputs of the whole batch,
 * as PyTorch's {@code sqrt(MSELoss())}. It does not split into a sum over examples, so each of the m rows gets the
 * batch's L as its score: DL4J averages the rows' scores over the batch, which gives L. The gradient is that of
 * L times m (DL4J divides the gradient by the batch size as it divides the score): m·(y − t)/(N·L) for each output,
 * and 0 where L is 0.
 */
public class RootMeanSquaredError extends PlainLoss {
    /** The errors y − t, masked. */
    private static INDArray errors(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray errors = activationFn.getActivation(preOutput.dup(), true).subi(labels);
        if (mask != null) {
            LossUtil.applyMask(errors, mask);
        }
        return errors;
    }

    /** N: the outputs a mask leaves in, all of them without one. */
    private static double counted(INDArray labels, INDArray mask) {
        if (mask == null) {
            return labels.length();
        }
        double kept = mask.sumNumber().doubleValue();
        return LossUtil.isPerOutputMasking(labels, mask) ? kept : kept * labels.size(1);
    }

    private static double root(INDArray errors, double counted) {
        return counted == 0 ? 0 : Math.sqrt(errors.mul(errors).sumNumber().doubleValue() / counted);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        double loss = root(errors(labels, preOutput, activationFn, mask), counted(labels, mask));
        return average ? loss : loss * labels.size(0);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double loss = computeScore(labels, preOutput, activationFn, mask, true);
        return Nd4j.valueArrayOf(new long[] {labels.size(0), 1}, loss, labels.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray errors = errors(labels, preOutput, activationFn, mask);
        double counted = counted(labels, mask);
        double loss = root(errors, counted);
        INDArray dLda = loss == 0 ? errors.assign(0) : errors.muli(labels.size(0) / (counted * loss));
        INDArray gradient = activationFn.backprop(preOutput.dup(), dLda).getFirst();
        if (mask != null) {
            LossUtil.applyMask(gradient, mask);
        }
        return gradient;
    }
}
