package dlx.model.kernel;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.layers.AbstractLayer;
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

    private Kernels() {
    }

    /** Whether dlx's kernels run for this {@code model.kernels} setting on the ND4J backend of that class. */
    public static boolean chosen(String setting, String backendClass) {
        return !STOCK.equals(setting) && CPU_BACKEND.equals(backendClass);
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
     * The indices of the layers of a kind dlx computes (dense, output) that run DL4J's implementation in a
     * network built with {@code model.kernels: dlx} on the CPU: a DL4J change or a new layer option can
     * make {@link #install} pass a layer by, and that must not go unnoticed.
     */
    public static List<Integer> layersWithoutKernel(MultiLayerNetwork network) {
        List<Integer> missing = new ArrayList<>();
        Layer[] layers = network.getLayers();
        for (int i = 0; i < layers.length; i++) {
            Class<?> type = layers[i].getClass();
            if (type == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class
                    || type == org.deeplearning4j.nn.layers.OutputLayer.class) {
                missing.add(i);
            }
        }
        return missing;
    }

    private static Layer kernelFor(Layer layer) {
        NeuralNetConfiguration conf = layer.conf();
        DataType type = layer.params() == null ? null : layer.params().dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE || !(conf.getLayer() instanceof BaseLayer base)
                || base.getIDropout() != null || base.getWeightNoise() != null) {
            return null;
        }
        if (layer.getClass() == org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer.class
                && !((org.deeplearning4j.nn.conf.layers.DenseLayer) base).hasLayerNorm()) {
            return new DenseKernel(conf, type);
        }
        if (layer.getClass() == org.deeplearning4j.nn.layers.OutputLayer.class) {
            return new OutputKernel(conf, type);
        }
        return null;
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
