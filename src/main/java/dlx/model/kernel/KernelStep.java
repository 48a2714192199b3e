package dlx.model.kernel;

import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;

/**
 * One training step of a network made only of dlx kernels, run by dlx instead of
 * {@code MultiLayerNetwork.fit}: each kernel's forward pass, the loss, each backward pass into the network's
 * gradient views, then DL4J's updater on the flat gradient and the parameters' update, as DL4J's step does.
 * What it leaves out is DL4J's bookkeeping around those calls: workspaces opened and validated per layer,
 * arrays allocated per step, the output layer's repeated forward passes.
 *
 * <p>The step gives the parameters DL4J's {@code fit} gives (to float rounding), and sets the network's
 * score and iteration count as it does. A batch with masks, a network with DL4J listeners (dlx's layer
 * statistics) or anything else this step does not handle goes to {@code fit}.
 */
public final class KernelStep {
    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private final MultiLayerNetwork network;
    private final Kernel[] kernels;
    private final OutputKernel output;
    private Gradient gradient;

    private KernelStep(MultiLayerNetwork network, Kernel[] kernels) {
        this.network = network;
        this.kernels = kernels;
        this.output = (OutputKernel) kernels[kernels.length - 1];
    }

    /** The step for this network, or empty when some part of it needs DL4J's own step. */
    public static Optional<KernelStep> of(MultiLayerNetwork network) {
        Layer[] layers = network.getLayers();
        if (!(layers[layers.length - 1] instanceof OutputKernel) || !network.getListeners().isEmpty()
                || network.getLayerWiseConfigurations().getBackpropType() != BackpropType.Standard) {
            return Optional.empty();
        }
        Kernel[] kernels = new Kernel[layers.length];
        for (int i = 0; i < layers.length; i++) {
            if (!(layers[i] instanceof Kernel kernel) || network.getLayerWiseConfigurations().getInputPreProcess(i) != null) {
                return Optional.empty();
            }
            kernels[i] = kernel;
        }
        return Optional.of(new KernelStep(network, kernels));
    }

    public void fit(DataSet batch) {
        if (batch.getFeaturesMaskArray() != null || batch.getLabelsMaskArray() != null) {
            network.fit(batch);
            return;
        }
        Gradient gradient = gradient();
        INDArray x = batch.getFeatures();
        for (Kernel kernel : kernels) {
            x = kernel.forward(x, true, kernel.owned());
        }
        double loss = output.loss(batch.getLabels(), output.owned());
        INDArray epsilon = null;
        for (int i = kernels.length - 1; i >= 0; i--) {
            epsilon = kernels[i].backward(epsilon, kernels[i].owned());
        }
        int n = (int) batch.getFeatures().size(0);
        int iteration = network.getIterationCount();
        int epoch = network.getEpochCount();
        network.setScore(loss / n + network.calcRegularizationScore(true));
        network.getUpdater().update(network, gradient, iteration, epoch, n, NO_WORKSPACES);
        INDArray flat = network.getFlattenedGradients();
        network.params().subi(flat.reshape(flat.length()));
        network.setIterationCount(iteration + 1);
        network.applyConstraints(iteration, epoch);
    }

    /** The gradient as DL4J's step hands it to the updater: the flat view, and each parameter's view by layer. */
    private Gradient gradient() {
        if (gradient == null) {
            if (network.getFlattenedGradients() == null) {
                network.initGradientsView();
            }
            gradient = new DefaultGradient(network.getFlattenedGradients());
            for (int i = 0; i < kernels.length; i++) {
                for (var entry : kernels[i].gradients().gradientForVariable().entrySet()) {
                    gradient.setGradientFor(i + "_" + entry.getKey(), entry.getValue());
                }
            }
        }
        return gradient;
    }
}
