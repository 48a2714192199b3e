package dlx.model.kernel;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's dense layer computed by dlx: the same configuration, parameters and gradient views, so a network
 * holding it saves, loads and updates as one with DL4J's layer. What it does differently:
 * <ul>
 *   <li>the backward pass uses the activations of the forward pass instead of computing x W + b again;</li>
 *   <li>the bias and an element-wise activation are applied in one pass after the product, and the
 *       derivative and bias gradient in one pass before the weight gradient;</li>
 *   <li>the first layer of a network does not compute the gradient with respect to the network's input,
 *       which training discards;</li>
 *   <li>products are single BLAS calls with transposes as flags, written straight into the gradient views.</li>
 * </ul>
 */
public final class DenseKernel extends org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer implements Kernel {
    private final Fused fused;
    private final double alpha;
    private final Buffers.Owned owned = new Buffers.Owned();
    private boolean inputGradient = true;
    /** The forward pass's output (element-wise activations) or pre-activation (others), kept for backward. */
    private INDArray output;
    private INDArray preActivation;
    /** The input of the last forward pass, whose output the kernel holds. */
    private INDArray forwardInput;

    public DenseKernel(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        IActivation activation = layerConf().getActivationFn();
        this.fused = Fused.of(activation);
        this.alpha = activation instanceof ActivationLReLU leaky ? leaky.getAlpha() : 0;
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
        if (maskArray != null) {
            return super.activate(training, workspaces);
        }
        return forward(input, training, Buffers.of(workspaces));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        assertInputSet(true);
        if (maskArray != null) {
            return super.backpropGradient(epsilon, workspaces);
        }
        Buffers buffers = Buffers.of(workspaces);
        if (forwardInput != input) {
            forward(input, true, buffers);
        }
        return new Pair<>(gradients(), backward(epsilon, buffers));
    }

    @Override
    public INDArray forward(INDArray x, boolean training, Buffers buffers) {
        DataType type = dataType;
        INDArray in = Affine.matrixInput(x, type);
        input = in;
        forwardInput = in;
        INDArray weights = getParam(DefaultParamInitializer.WEIGHT_KEY);
        long n = in.size(0);
        long nOut = weights.size(1);
        INDArray out = buffers.take("output", ArrayType.ACTIVATIONS, type, n, nOut);
        Affine.forward(in, weights, out);
        long bias = hasBias() ? Memory.address(getParam(DefaultParamInitializer.BIAS_KEY)) : 0;
        Pointwise.biasActivate(Memory.address(out), bias, (int) n, (int) nOut, fused, alpha, type == DataType.DOUBLE);
        if (fused.elementWise()) {
            output = out;
            return out;
        }
        // DL4J's activation works in place: keep the pre-activation for its backprop
        preActivation = out;
        INDArray activated = buffers.take("activated", ArrayType.ACTIVATIONS, type, n, nOut).assign(out);
        return layerConf().getActivationFn().getActivation(activated, training);
    }

    @Override
    public INDArray backward(INDArray epsilon, Buffers buffers) {
        DataType type = dataType;
        INDArray weights = getParam(DefaultParamInitializer.WEIGHT_KEY);
        long n = input.size(0);
        long nOut = weights.size(1);
        long biasGradient = hasBias() ? Memory.address(gradientViews.get(DefaultParamInitializer.BIAS_KEY)) : 0;
        INDArray delta;
        if (fused.elementWise()) {
            delta = buffers.take("delta", ArrayType.BP_WORKING_MEM, type, n, nOut);
            Pointwise.activationGradient(Memory.address(output), Matrix.of(Affine.matrixInput(epsilon, type)), Memory.address(delta),
                    biasGradient, (int) n, (int) nOut, fused, alpha, type == DataType.DOUBLE);
        } else {
            delta = layerConf().getActivationFn().backprop(preActivation.dup(), epsilon.castTo(type).dup()).getFirst();
            if (!Matrix.fits(delta)) {
                delta = delta.dup('c');
            }
            if (biasGradient != 0) {
                delta.sum(gradientViews.get(DefaultParamInitializer.BIAS_KEY), 0);
            }
        }
        Affine.weightGradient(input, delta, gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
        if (!inputGradient) {
            return null;
        }
        INDArray next = buffers.take("epsilon", ArrayType.ACTIVATION_GRAD, type, n, weights.size(0));
        Affine.inputGradient(delta, weights, next);
        return next;
    }

    @Override
    public Gradient gradients() {
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, gradientViews.get(DefaultParamInitializer.BIAS_KEY));
        }
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, gradientViews.get(DefaultParamInitializer.WEIGHT_KEY));
        return gradient;
    }
}
