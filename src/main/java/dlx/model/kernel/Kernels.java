package dlx.model.kernel;

import java.util.ArrayList;
import java.util.List;
import dlx.model.recurrent.Gru;
import dlx.model.recurrent.GruLayer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Puts dlx's kernels into a DL4J network in place of DL4J's implementations of the same layers. The
 * network keeps DL4J's configuration, parameters, gradient views and updater: its saved form names DL4J's
 * layer classes only, so plain DL4J loads it, and dlx puts its kernels back when it loads it.
 *
 * <p>{@code model.kernels: stock} keeps DL4J's layers. The kernels are CPU code (BLAS on host memory),
 * so on any other ND4J backend (CUDA) DL4J's layers run whatever the config says.
 */
public final class Kernels {
    /** The values of {@code model.kernels}. */
    public static final String DLX = "dlx";
    public static final String STOCK = "stock";
    private static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    /** The threads the kernels' large matrix products use; the launcher and sweep trials set it. */
    public static final String THREADS_ENV = "DLX_BLAS_THREADS";

    private Kernels() {
    }

    /** Whether dlx's kernels run for this {@code model.kernels} setting on the ND4J backend of that class. */
    public static boolean chosen(String setting, String backendClass) {
        return !STOCK.equals(setting) && CPU_BACKEND.equals(backendClass);
    }

    /**
     * The number of threads for the kernels' large matrix products: {@code DLX_BLAS_THREADS} when it is a whole
     * number from 1 up, else one per core (a run owns the machine; sweep trials set 1).
     */
    public static int threads(String setting, int cores) {
        try {
            int threads = Integer.parseInt(setting == null ? "" : setting.trim());
            return threads >= 1 ? threads : cores;
        } catch (NumberFormatException e) {
            return cores;
        }
    }

    /** Gives the kernels' large products {@code threads} threads from now on, in this process. */
    public static void useThreads(int threads) {
        Blas.threads(threads);
    }

    /**
     * Installs the kernels the setting asks for on the backend this process runs, and returns the indices of
     * the layers that now run dlx's kernels.
     */
    public static List<Integer> install(MultiLayerNetwork network, String setting) {
        if (!chosen(setting, Nd4j.getBackend().getClass().getName())) {
            return List.of();
        }
        Layer[] layers = network.getLayers().clone();
        List<Integer> replaced = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            Layer kernel = kernelFor(layers[i]);
            if (kernel == null) {
                // a DL4J layer after a kernel must not overwrite the kernel's output, which its backward pass reads
                if (i > 0 && layers[i - 1] instanceof Kernel) {
                    layers[i].allowInputModification(false);
                }
                continue;
            }
            takeState(layers[i], kernel);
            if (i == 0) {
                ((Kernel) kernel).skipInputGradient();
            }
            layers[i] = kernel;
            replaced.add(i);
        }
        network.setLayers(layers);
        return List.copyOf(replaced);
    }

    /** The indices of the layers dlx's kernels compute. */
    public static List<Integer> layersWithKernel(MultiLayerNetwork network) {
        List<Integer> kernels = new ArrayList<>();
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] instanceof Kernel) {
                kernels.add(i);
            }
        }
        return kernels;
    }

    /**
     * The indices of the layers of a kind dlx computes (dense, output, LSTM, GRU) that run the portable implementation in a
     * network built with {@code model.kernels: dlx} on the CPU: a DL4J change or a new layer option can
     * make {@link #install} pass a layer by, and that must not go unnoticed.
     */
    public static List<Integer> layersWithoutKernel(MultiLayerNetwork network) {
        List<Integer> missing = new ArrayList<>();
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            Class<?> type = layers[i].getClass();
            if (type == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class
                    || type == org.deeplearning4j.nn.layers.OutputLayer.class || type == LSTM.class || type == GruLayer.class
                    || type == LastTimeStepLayer.class && recurrentClass((LastTimeStepLayer) layers[i])) {
                missing.add(i);
            }
        }
        return missing;
    }

    private static boolean recurrentClass(LastTimeStepLayer layer) {
        Class<?> type = layer.getUnderlying().getClass();
        return type == LSTM.class || type == GruLayer.class;
    }

    private static Layer kernelFor(Layer layer) {
        DataType type = layer.params() == null ? null : layer.params().dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            return null;
        }
        Class<?> kind = layer.getClass();
        if (kind == LastTimeStepLayer.class && ((LastTimeStepLayer) layer).getUnderlying().getClass() == LSTM.class) {
            Layer lstm = ((LastTimeStepLayer) layer).getUnderlying();
            return computable(lstm.conf()) ? new LastStepKernel(new LstmKernel(lstm.conf(), type)) : null;
        }
        if (kind == LastTimeStepLayer.class && ((LastTimeStepLayer) layer).getUnderlying().getClass() == GruLayer.class) {
            Layer gru = ((LastTimeStepLayer) layer).getUnderlying();
            return computable(gru.conf()) ? new LastStepKernel(new GruKernel(gru.conf(), type)) : null;
        }
        if (!computable(layer.conf())) {
            return null;
        }
        if (kind == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class) {
            return new DenseKernel(layer.conf(), type);
        }
        if (kind == org.deeplearning4j.nn.layers.OutputLayer.class) {
            return new OutputKernel(layer.conf(), type);
        }
        if (kind == LSTM.class) {
            return new LstmKernel(layer.conf(), type);
        }
        if (kind == GruLayer.class) {
            return new GruKernel(layer.conf(), type);
        }
        return null;
    }

    /** The layer options the kernels implement: none of dropout on the input, weight noise, layer norm; NCW sequences. */
    private static boolean computable(NeuralNetConfiguration conf) {
        if (!(conf.getLayer() instanceof BaseLayer base) || base.getIDropout() != null || base.getWeightNoise() != null) {
            return false;
        }
        if (base instanceof org.deeplearning4j.nn.conf.layers.DenseLayer dense) {
            return !dense.hasLayerNorm();
        }
        if (base instanceof org.deeplearning4j.nn.conf.layers.LSTM lstm) {
            return lstm.getGateActivationFn() instanceof ActivationSigmoid && lstm.getActivationFn() instanceof ActivationTanH
                    && lstm.getRnnDataFormat() == RNNFormat.NCW;
        }
        if (base instanceof Gru gru) {
            return gru.getActivationFn() instanceof ActivationTanH && gru.getRnnDataFormat() == RNNFormat.NCW;
        }
        return true;
    }

    /** The kernel takes over the layer's parameter and gradient views and its counters. */
    private static void takeState(Layer from, Layer to) {
        to.setParamTable(from.paramTable());
        to.setParamsViewArray(from.params());
        if (from.getGradientsViewArray() != null) {
            to.setBackpropGradientsViewArray(from.getGradientsViewArray());
        }
        to.setIndex(from.getIndex());
        to.setListeners(from.getListeners());
        to.setIterationCount(from.getIterationCount());
        to.setEpochCount(from.getEpochCount());
        to.setCacheMode(from.conf().getCacheMode());
        if (from instanceof AbstractLayer<?> layer) {
            to.allowInputModification(layer.isInputModificationAllowed());
        }
    }
}
