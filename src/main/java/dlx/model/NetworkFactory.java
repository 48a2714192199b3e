package dlx.model;
import dlx.config.ActivationConfig;
import dlx.config.Experiment;
import dlx.config.InitConfig;
import dlx.config.LayerConfig;
import dlx.config.LayerType;
import dlx.config.Shape;
import dlx.model.kernel.Kernels;
import dlx.optim.Optimizers;
import dlx.optim.Regularization;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossL2;

/** Builds the DL4J network a resolved experiment describes, initialised from its seed. */
public final class NetworkFactory {
    static {
        // DL4J keeps its cuDNN/oneDNN layer helpers off unless told otherwise; read when a layer is built.
        System.setProperty("org.eclipse.deeplearning4j.helpers.disable", "false");
    }

    private NetworkFactory() {
    }

    public static MultiLayerNetwork build(Experiment experiment) {
        return build(experiment, Optimizers.ITERATIONS_PER_EPOCH_UNKNOWN);
    }

    /** @param iterationsPerEpoch batches per epoch, which schedules over the whole run in iterations need */
    public static MultiLayerNetwork build(Experiment experiment, int iterationsPerEpoch) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(experiment, iterationsPerEpoch));
        network.init();
        return withKernels(network, experiment);
    }

    /**
     * The network with dlx's kernels in place of DL4J's layers where {@code model.kernels} asks for them (see
     * {@link Kernels}): for a network just built, or one loaded from a checkpoint, which saves DL4J's layers.
     */
    public static MultiLayerNetwork withKernels(MultiLayerNetwork network, Experiment experiment) {
        Kernels.install(network, experiment.model().kernels());
        return network;
    }

    /**
     * The indices of convolution and pooling layers that run without DL4J's oneDNN helper: they work,
     * but about 5x slower (a DL4J or ND4J change can drop the helper silently, so dlx checks).
     */
    public static List<Integer> layersWithoutFastPath(MultiLayerNetwork network) {
        List<Integer> slow = new java.util.ArrayList<>();
        org.deeplearning4j.nn.api.Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            var layer = layers[i];
            boolean convolution = layer instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer c
                    && c.getHelper() == null;
            boolean pooling = layer instanceof org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer p
                    && p.getHelper() == null;
            if (convolution || pooling) {
                slow.add(i);
            }
        }
        return slow;
    }

    public static MultiLayerConfiguration configuration(Experiment experiment) {
        return configuration(experiment, Optimizers.ITERATIONS_PER_EPOCH_UNKNOWN);
    }

    public static MultiLayerConfiguration configuration(Experiment experiment, int iterationsPerEpoch) {
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(experiment.seed())
                .dataType(DataType.FLOAT)
                .updater(Optimizers.updater(experiment, iterationsPerEpoch));
        // Not overriding keeps an embedding's nIn (its vocabulary) where DL4J would put the input's width, 1.
        NeuralNetConfiguration.ListBuilder list = Regularization.apply(builder, experiment.regularization()).list()
                .overrideNinUponBuild(false);
        List<LayerConfig> layers = experiment.model().layers();
        List<Shape> shapes = experiment.model().shapes();
        for (int i = 0; i < layers.size(); i++) {
            LayerConfig layer = layers.get(i);
            list.layer(layer(layer));
            if (layer.layerType() == LayerType.FLATTEN) {
                // An identity layer whose input DL4J flattens, so that layers after it see features, not channels.
                Shape in = i == 0 ? experiment.model().inputShape() : shapes.get(i - 1);
                list.inputPreProcessor(i, new CnnToFeedForwardPreProcessor(in.dims().get(0), in.dims().get(1), in.channels()));
            }
        }
        return list.setInputType(inputType(experiment.model().inputShape())).build();
    }

    /**
     * Images arrive flattened ([n, H·W·C]); DL4J reshapes them where a layer needs the image form.
     * Sequences arrive as [n, features, timesteps] (see {@link dlx.data.Batches}).
     */
    private static InputType inputType(Shape input) {
        List<Integer> d = input.dims();
        if (input.isSequence()) {
            return InputType.recurrent(input.stepFeatures(), input.timesteps());
        }
        return input.isImage() ? InputType.convolutionalFlat(d.get(0), d.get(1), d.get(2)) : InputType.feedForward(input.size());
    }

    private static Layer layer(LayerConfig layer) {
        return switch (layer.layerType()) {
            case DENSE -> new DenseLayer.Builder().nOut(layer.units()).activation(activation(layer.activation()))
                    .weightInit(init(layer.init())).build();
            case OUTPUT -> new OutputLayer.Builder(loss(layer.loss())).nOut(layer.units())
                    .activation(activation(layer.activation())).weightInit(init(layer.init())).build();
            // DL4J's argument is the probability to keep; the config's rate is the probability to drop.
            case DROPOUT -> new DropoutLayer.Builder(1.0 - layer.rate()).build();
            case BATCHNORM -> new BatchNormalization.Builder().build();
            case ACTIVATION -> new ActivationLayer.Builder().activation(activation(layer.activation())).build();
            case CONV2D -> new ConvolutionLayer.Builder(layer.kernel(), layer.kernel()).stride(layer.stride(), layer.stride())
                    .convolutionMode(mode(layer)).padding(padding(layer), padding(layer)).nOut(layer.filters())
                    .activation(activation(layer.activation())).weightInit(init(layer.init())).build();
            case MAXPOOL -> pool(PoolingType.MAX, layer);
            case AVGPOOL -> pool(PoolingType.AVG, layer);
            case GLOBAL_AVGPOOL -> new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
            case FLATTEN -> new ActivationLayer.Builder().activation(Activation.IDENTITY.getActivationFunction()).build();
            case LSTM -> lastStepUnlessSequences(layer, new LSTM.Builder().nOut(layer.units())
                    .activation(activation(layer.activation())).weightInit(init(layer.init())).build());
            case SIMPLE_RNN -> lastStepUnlessSequences(layer, new SimpleRnn.Builder().nOut(layer.units())
                    .activation(activation(layer.activation())).weightInit(init(layer.init())).build());
            case EMBEDDING -> new EmbeddingSequenceLayer.Builder().nIn(layer.vocab()).nOut(layer.units())
                    .weightInit(init(layer.init())).build();
            case RNN_OUTPUT -> new RnnOutputLayer.Builder(loss(layer.loss())).nOut(layer.units())
                    .activation(activation(layer.activation())).weightInit(init(layer.init())).build();
        };
    }

    /** Many-to-one: the recurrent layer passes on only its output at the last time step. */
    private static Layer lastStepUnlessSequences(LayerConfig config, Layer recurrent) {
        return config.returnSequences() ? recurrent : new LastTimeStep(recurrent);
    }

    private static Layer pool(PoolingType type, LayerConfig layer) {
        return new SubsamplingLayer.Builder(type).kernelSize(layer.kernel(), layer.kernel())
                .stride(layer.stride(), layer.stride()).convolutionMode(mode(layer))
                .padding(padding(layer), padding(layer)).build();
    }

    /**
     * Same: output = ceil(input / stride), DL4J pads as needed. Otherwise Strict with explicit padding: the
     * config has already refused a window that does not tile its input, and Strict makes DL4J refuse it too
     * rather than silently dropping the last rows (Truncate).
     */
    static ConvolutionMode mode(LayerConfig layer) {
        return layer.samePadding() ? ConvolutionMode.Same : ConvolutionMode.Strict;
    }

    private static int padding(LayerConfig layer) {
        return layer.samePadding() ? 0 : layer.paddingSize();
    }

    static IActivation activation(ActivationConfig activation) {
        return switch (activation.type()) {
            case "sigmoid" -> Activation.SIGMOID.getActivationFunction();
            case "tanh" -> Activation.TANH.getActivationFunction();
            case "relu" -> Activation.RELU.getActivationFunction();
            case "leaky_relu" -> new ActivationLReLU(activation.alpha());
            case "elu" -> Activation.ELU.getActivationFunction();
            case "selu" -> Activation.SELU.getActivationFunction();
            case "gelu" -> Activation.GELU.getActivationFunction();
            case "swish" -> Activation.SWISH.getActivationFunction();
            case "softplus" -> Activation.SOFTPLUS.getActivationFunction();
            case "softmax" -> Activation.SOFTMAX.getActivationFunction();
            case "identity" -> Activation.IDENTITY.getActivationFunction();
            default -> throw new IllegalArgumentException("activation " + activation.type()
                    + " passed validation but has no DL4J mapping");
        };
    }

    /**
     * DL4J's fan-in/fan-out: dense in/out units; conv2d in = channels·k·k, out = filters·k·k / stride².
     * xavier is DL4J's XAVIER, N(0, 2/(fan_in + fan_out)) — Glorot's normal variance, not Caffe's 1/fan_in.
     */
    static IWeightInit init(InitConfig init) {
        return switch (init.type()) {
            case "zeros" -> WeightInit.ZERO.getWeightInitFunction();
            case "constant" -> new WeightInitConstant(init.value());
            case "normal" -> new WeightInitDistribution(new NormalDistribution(0, init.std()));
            case "uniform" -> new WeightInitDistribution(new UniformDistribution(-init.limit(), init.limit()));
            case "xavier" -> WeightInit.XAVIER.getWeightInitFunction();
            case "xavier_uniform" -> WeightInit.XAVIER_UNIFORM.getWeightInitFunction();
            case "he" -> WeightInit.RELU.getWeightInitFunction();
            case "he_uniform" -> WeightInit.RELU_UNIFORM.getWeightInitFunction();
            case "lecun" -> WeightInit.LECUN_NORMAL.getWeightInitFunction();
            default -> throw new IllegalArgumentException("init " + init.type() + " passed validation but has no DL4J mapping");
        };
    }

    static ILossFunction loss(String name) {
        return switch (name) {
            case "cross_entropy" -> LossFunction.MCXENT.getILossFunction();
            case "binary_cross_entropy" -> LossFunction.XENT.getILossFunction();
            case "hinge" -> new OneHotHinge();
            case "mse" -> LossFunction.MSE.getILossFunction();
            case "mae" -> LossFunction.MEAN_ABSOLUTE_ERROR.getILossFunction();
            // LossL2: squared errors summed over the outputs, where MSE averages them
            case "sse" -> new LossL2();
            default -> throw new IllegalArgumentException("loss " + name + " passed validation but has no DL4J mapping");
        };
    }
}
