package dlx.model.kernel;

import dlx.optim.updater.FusedAdam;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.CrashReportingUtil;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * One training step of a network made only of dlx kernels, run by dlx instead of
 * {@code MultiLayerNetwork.fit}: each kernel's forward pass, the loss, each backward pass into the network's
 * gradient views, then DL4J's updater on the flat gradient and the parameters' update, as DL4J's step does.
 * What it leaves out is DL4J's bookkeeping around those calls: workspaces opened and validated per layer,
 * arrays allocated per step, the output layer's repeated forward passes. When every block of the updater is
 * dlx's Adam with nothing else to apply (no regularization, no gradient clipping), the division by the
 * batch, the Adam update and the parameters' step are one pass ({@link FusedAdam#step}) instead of three.
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
    /** The updater's blocks, when every one of them takes {@link FusedAdam#step}; else null. */
    private List<FusedBlock> fused;
    private boolean fusedChecked;

    private record FusedBlock(GradientUpdater updater, INDArray gradient, INDArray params) {
    }

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
        try {
            step(batch);
        } catch (OutOfMemoryError e) {
            // as DL4J's fit does: its report of the network's memory, into the directory dlx points DL4J to
            CrashReportingUtil.writeMemoryCrashDump(network, e);
            throw e;
        }
    }

    private void step(DataSet batch) {
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
        List<FusedBlock> blocks = fusedBlocks();
        if (blocks != null) {
            for (FusedBlock block : blocks) {
                FusedAdam.step(block.updater(), block.gradient(), block.params(), n, iteration, epoch);
            }
        } else {
            network.getUpdater().update(network, gradient, iteration, epoch, n, NO_WORKSPACES);
            INDArray flat = network.getFlattenedGradients();
            network.params().subi(flat.reshape(flat.length()));
        }
        network.setIterationCount(iteration + 1);
        network.applyConstraints(iteration, epoch);
    }

    private List<FusedBlock> fusedBlocks() {
        if (!fusedChecked) {
            fusedChecked = true;
            fused = fusable();
        }
        return fused;
    }

    private List<FusedBlock> fusable() {
        if (!network.conf().isMiniBatch() || !(network.getUpdater() instanceof BaseMultiLayerUpdater<?> updater)) {
            return null;
        }
        INDArray params = network.params();
        List<FusedBlock> blocks = new ArrayList<>();
        for (UpdaterBlock block : updater.getUpdaterBlocks()) {
            for (UpdaterBlock.ParamState state : block.getLayersAndVariablesInBlock()) {
                var config = state.getLayer().getConfig();
                var regularization = config.getRegularizationByParam(state.getParamName());
                if (regularization != null && !regularization.isEmpty() || !state.getLayer().updaterDivideByMinibatch(state.getParamName())
                        || config.getGradientNormalization() != null && config.getGradientNormalization() != GradientNormalization.None
                        || block.skipDueToPretrainConfig(false)) {
                    return null;
                }
            }
            INDArray blockParams = params.get(NDArrayIndex.interval(block.getParamOffsetStart(), block.getParamOffsetEnd()));
            INDArray blockGradient = block.getGradientView();
            if (!FusedAdam.canStep(block.getGradientUpdater(), blockGradient, blockParams)) {
                return null;
            }
            blocks.add(new FusedBlock(block.getGradientUpdater(), blockGradient, blockParams));
        }
        return blocks;
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
