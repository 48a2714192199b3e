package dlx.model.kernel;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * DL4J's output layer with its loss, computed by dlx (see {@link DenseKernel} for what changes). Softmax
 * with cross-entropy runs in one pass that gives the loss and its gradient p - y together; any other
 * activation or loss goes through DL4J's own loss function on the kernel's pre-activations, so its
 * numbers are DL4J's. DL4J's layer computes x W + b three times per training step (for the gradient, then
 * twice for the score); this one once.
 */
public final class OutputKernel extends org.deeplearning4j.nn.layers.OutputLayer implements Kernel {
    private final Fused fused;
    private final IActivation activation;
    private final ILossFunction loss;
    private final boolean softmaxCrossEntropy;
    private final Buffers.Owned owned = new Buffers.Owned();
    private boolean inputGradient = true;
    private INDArray preActivation;
    private INDArray output;
    private INDArray delta;

    public OutputKernel(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        this.activation = layerConf().getActivationFn();
        this.loss = layerConf().getLossFn();
        this.fused = Fused.of(activation);
        this.softmaxCrossEntropy = fused == Fused.SOFTMAX && loss.getClass() == LossMCXENT.class
                && ((LossMCXENT) loss).getWeights() == null && ((LossMCXENT) loss).getSoftmaxClipEps() == Pointwise.SOFTMAX_CLIP;
    }

    @Override
    public void skipInputGradient() {
        inputGradient = false;
    }

    @Override
    public Buffers.Owned owned() {
        return owned;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
        assertInputSet(false);
        return forward(input, training, Buffers.of(workspaces));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        assertInputSet(true);
        Buffers buffers = Buffers.of(workspaces);
        forward(input, true, buffers);
        loss(labels, buffers);
        INDArray next = backward(null, buffers);
        return new Pair<>(gradients(), next);
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaces) {
        if (input == null || labels == null) {
            return;
        }
        Buffers buffers = Buffers.of(workspaces);
        forward(input, true, buffers);
        score = loss(labels, buffers) / batch();
        backward(null, buffers);
        gradient = gradients();
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaces) {
        if (input == null || labels == null) {
            throw new IllegalStateException("Cannot calculate score without input and labels " + layerId());
        }
        Buffers buffers = Buffers.of(workspaces);
        forward(input, training, buffers);
        score = loss(labels, buffers, false) / batch() + fullNetRegTerm;
        return score;
    }

    /** DL4J's score divides the summed loss by the minibatch size (its configurations are minibatch ones). */
    private double batch() {
        return conf().isMiniBatch() ? input.size(0) : 1;
    }

    @Override
    public INDArray forward(INDArray x, boolean training, Buffers buffers) {
        DataType type = dataType;
        INDArray in = Affine.matrixInput(x, type);
        input = in;
        INDArray weights = getParam(DefaultParamInitializer.WEIGHT_KEY);
        long n = in.size(0);
        long nOut = weights.size(1);
        preActivation = buffers.take("preActivation", ArrayType.ACTIVATIONS, type, n, nOut);
        Affine.forward(in, weights, preActivation);
        long bias = hasBias() ? Memory.address(getParam(DefaultParamInitializer.BIAS_KEY)) : 0;
        boolean isDouble = type == DataType.DOUBLE;
        Pointwise.biasActivate(Memory.address(preActivation), bias, (int) n, (int) nOut, Fused.GENERIC, 0, isDouble);
        output = buffers.take("output", ArrayType.ACTIVATIONS, type, n, nOut);
        if (fused == Fused.SOFTMAX) {
            Pointwise.softmax(Memory.address(preActivation), Memory.address(output), (int) n, (int) nOut, isDouble);
        } else {
            output.assign(preActivation);
            activation.getActivation(output, training);
        }
        return output;
    }

    /**
     * The loss of the last forward pass summed over the examples (DL4J's score before it divides by the
     * batch and adds regularization), keeping its gradient for {@link #backward}.
     */
    public double loss(INDArray labels, Buffers buffers) {
        return loss(labels, buffers, true);
    }

    private double loss(INDArray labels, Buffers buffers, boolean withGradient) {
        DataType type = dataType;
        INDArray y = labels.dataType() == type ? labels : labels.castTo(type);
        long n = preActivation.size(0);
        long nOut = preActivation.size(1);
        if (softmaxCrossEntropy && maskArray == null && Matrix.fits(y)) {
            delta = withGradient ? buffers.take("delta", ArrayType.BP_WORKING_MEM, type, n, nOut) : null;
            return Pointwise.softmaxCrossEntropy(Memory.address(output), Matrix.of(y), delta == null ? 0 : Memory.address(delta),
                    (int) n, (int) nOut, type == DataType.DOUBLE);
        }
        if (withGradient) {
            delta = loss.computeGradient(y, preActivation.dup(), activation, maskArray);
            if (!Matrix.fits(delta)) {
                delta = delta.dup('c');
            }
        }
        return loss.computeScore(y, preActivation.dup(), activation, maskArray, false);
    }

    @Override
    public INDArray backward(INDArray epsilon, Buffers buffers) {
        DataType type = dataType;
        INDArray weights = getParam(DefaultParamInitializer.WEIGHT_KEY);
        Affine.weightGradient(input, delta, gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
        if (hasBias()) {
            INDArray biasGradient = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            if (delta.ordering() == 'c' && !delta.isView()) {
                Pointwise.columnSums(Memory.address(delta), Memory.address(biasGradient), (int) delta.size(0),
                        (int) delta.size(1), type == DataType.DOUBLE);
            } else {
                delta.sum(biasGradient, 0);
            }
        }
        if (!inputGradient) {
            return null;
        }
        INDArray next = buffers.take("epsilon", ArrayType.ACTIVATION_GRAD, type, delta.size(0), weights.size(0));
        Affine.inputGradient(delta, weights, next);
        return next;
    }

    @Override
    public Gradient gradients() {
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
        if (hasBias()) {
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, gradientViews.get(DefaultParamInitializer.BIAS_KEY));
        }
        return gradient;
    }
}
