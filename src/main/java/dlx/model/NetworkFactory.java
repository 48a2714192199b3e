package dlx.model;

import dlx.config.ActivationConfig;
import dlx.config.Experiment;
import dlx.config.InitConfig;
import dlx.config.LayerConfig;
import dlx.config.Loss;
import dlx.config.Shape;
import dlx.model.kernel.Kernels;
import dlx.model.recurrent.BidirectionalRnn;
import dlx.model.recurrent.Gru;
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
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
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

/** Builds the DL4J network a resolved experiment describes, initialised from its seed. */
public final class NetworkFactory {
    static {
        LayerHelpers.enable(); // for networks built outside the command line, as tests build them
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
     * {@link Kernels}), and its weights handed to an updater that reads them (ftrl): for a network just built, or one
     * loaded from a checkpoint, which saves DL4J's layers.
     */
    public static MultiLayerNetwork withKernels(MultiLayerNetwork network, Experiment experiment) {
        Kernels.install(network, experiment.model().kernels());
        Optimizers.bindWeights(network);
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
            if (layer instanceof LayerConfig.Flatten) {
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

    /** The DL4J layer of each layer type: one line each, or a method of its own where there is more to say. */
    private static Layer layer(LayerConfig layer) {
        if (layer instanceof LayerConfig.Dense dense) {
            return dense(dense);
        } else if (layer instanceof LayerConfig.Output output) {
            return output(output);
        } else if (layer instanceof LayerConfig.RnnOutput output) {
            return rnnOutput(output);
        } else if (layer instanceof LayerConfig.Recurrent recurrent) {
            return recurrent(recurrent);
        } else if (layer instanceof LayerConfig.Embedding embedding) {
            return new EmbeddingSequenceLayer.Builder().nIn(embedding.vocab()).nOut(embedding.units())
                    .weightInit(init(embedding.init())).build();
        } else if (layer instanceof LayerConfig.Repeat repeat) {
            return new RepeatVector.Builder(repeat.steps()).build();
        } else if (layer instanceof LayerConfig.Conv2d conv) {
            return new ConvolutionLayer.Builder(conv.kernel(), conv.kernel()).stride(conv.stride(), conv.stride())
                    .convolutionMode(mode(conv)).padding(padding(conv), padding(conv)).nOut(conv.filters())
                    .activation(activation(conv.activation())).weightInit(init(conv.init())).build();
        } else if (layer instanceof LayerConfig.MaxPool pool) {
            return pool(PoolingType.MAX, pool);
        } else if (layer instanceof LayerConfig.AvgPool pool) {
            return pool(PoolingType.AVG, pool);
        } else if (layer instanceof LayerConfig.GlobalAvgPool) {
            return new GlobalPoolingLayer.Builder(PoolingType.AVG).build();
        } else if (layer instanceof LayerConfig.Flatten) {
            return new ActivationLayer.Builder().activation(Activation.IDENTITY.getActivationFunction()).build();
        } else if (layer instanceof LayerConfig.Dropout dropout) {
            // DL4J's argument is the probability to keep; the config's rate is the probability to drop.
            return new DropoutLayer.Builder(1.0 - dropout.rate()).build();
        } else if (layer instanceof LayerConfig.BatchNorm) {
            return new BatchNormalization.Builder().build();
        } else if (layer instanceof LayerConfig.Activation a) {
            return new ActivationLayer.Builder().activation(activation(a.activation())).build();
        }
        throw new IllegalArgumentException("layer type " + layer.type() + " has no DL4J mapping");
    }

    private static Layer dense(LayerConfig.Dense layer) {
        return new DenseLayer.Builder().nOut(layer.units()).activation(activation(layer.activation()))
                .weightInit(init(layer.init())).build();
    }

    private static Layer output(LayerConfig.Output layer) {
        return new OutputLayer.Builder(loss(layer.loss())).nOut(layer.units()).activation(activation(layer.activation()))
                .weightInit(init(layer.init())).build();
    }

    private static Layer rnnOutput(LayerConfig.RnnOutput layer) {
        return new RnnOutputLayer.Builder(loss(layer.loss())).nOut(layer.units())
                .activation(activation(layer.activation())).weightInit(init(layer.init())).build();
    }

    /**
     * lstm, gru, simple_rnn: DL4J's LSTM and SimpleRnn, dlx's GRU; many-to-one in DL4J's LastTimeStep, bidirectional
     * in dlx's {@link BidirectionalRnn}, which also takes each direction's final state for many-to-one.
     */
    private static Layer recurrent(LayerConfig.Recurrent config) {
        Layer cell;
        if (config instanceof LayerConfig.Lstm lstm) {
            cell = new LSTM.Builder().nOut(lstm.units()).activation(activation(lstm.activation()))
                    .weightInit(init(lstm.init())).build();
        } else if (config instanceof LayerConfig.Gru gru) {
            cell = new Gru.Builder().nOut(gru.units()).activation(activation(gru.activation()))
                    .weightInit(init(gru.init())).build();
        } else if (config instanceof LayerConfig.SimpleRnn rnn) {
            cell = new SimpleRnn.Builder().nOut(rnn.units()).activation(activation(rnn.activation()))
                    .weightInit(init(rnn.init())).build();
        } else {
            throw new IllegalArgumentException("recurrent layer type " + config.type() + " has no DL4J mapping");
        }
        if (config.bidirectional()) {
            return new BidirectionalRnn(merge(config.merge()), cell, !config.returnSequences());
        }
        // many-to-one: the recurrent layer passes on only its output at the last time step
        return config.returnSequences() ? cell : new LastTimeStep(cell);
    }

    private static Bidirectional.Mode merge(String merge) {
        return switch (merge) {
            case "concat" -> Bidirectional.Mode.CONCAT;
            case "add" -> Bidirectional.Mode.ADD;
            case "mul" -> Bidirectional.Mode.MUL;
            case "average" -> Bidirectional.Mode.AVERAGE;
            default -> throw new IllegalArgumentException("merge " + merge + " passed validation but has no DL4J mapping");
        };
    }

    private static Layer pool(PoolingType type, LayerConfig.Window layer) {
        return new SubsamplingLayer.Builder(type).kernelSize(layer.kernel(), layer.kernel())
                .stride(layer.stride(), layer.stride()).convolutionMode(mode(layer))
                .padding(padding(layer), padding(layer)).build();
    }

    /**
     * Same: output = ceil(input / stride), DL4J pads as needed. Otherwise Strict with explicit padding: the
     * config has already refused a window that does not tile its input, and Strict makes DL4J refuse it too
     * rather than silently dropping the last rows (Truncate).
     */
    static ConvolutionMode mode(LayerConfig.Window layer) {
        return layer.samePadding() ? ConvolutionMode.Same : ConvolutionMode.Strict;
    }

    private static int padding(LayerConfig.Window layer) {
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

    static ILossFunction loss(Loss loss) {
        return switch (loss) {
            case CROSS_ENTROPY -> LossFunction.MCXENT.getILossFunction();
            case BINARY_CROSS_ENTROPY -> LossFunction.XENT.getILossFunction();
            case HINGE -> new OneHotHinge();
            case MSE -> LossFunction.MSE.getILossFunction();
            case MAE -> LossFunction.MEAN_ABSOLUTE_ERROR.getILossFunction();
            case SSE -> new SumOfSquaredErrors();
            case RMSE -> new RootMeanSquaredError();
        };
    }
}
