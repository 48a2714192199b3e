package dlx.model.recurrent;

import static dlx.model.recurrent.GruParameters.INPUT_BIAS;
import static dlx.model.recurrent.GruParameters.INPUT_WEIGHTS;
import static dlx.model.recurrent.GruParameters.RECURRENT_BIAS;
import static dlx.model.recurrent.GruParameters.RECURRENT_WEIGHTS;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The GRU of {@link Gru} over sequences in DL4J's layouts ([examples, features, steps], or NWC), on ND4J operations so
 * that it runs on every backend. Time-major work arrays keep each step's rows contiguous: the inputs of all steps are
 * projected in one matrix product, each step adds its recurrent product in one more, and backward computes the
 * weight gradients and the input gradient in one product each after the per-step loop.
 *
 * <p>Masks work as in DL4J's LSTM: a masked step outputs 0 and hands the next step a zero state. A training forward
 * pass keeps its gates for the backward pass (in DL4J's activations workspace, which lives until backprop is done);
 * a backward pass without that forward pass runs it again. Truncated backpropagation through time is not supported.
 */
public class GruLayer extends BaseRecurrentLayer<Gru> {
    private static final String PREVIOUS_OUTPUT = "prevOut";

    /** What a training forward pass keeps for the backward pass, and the input it was computed for. */
    private Pass kept;
    private INDArray keptFor;

    public GruLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * One forward pass, time-major: row t·examples + i of each array is example i at step t.
     *
     * @param inputs       the steps' inputs [steps·examples, features]
     * @param gates        r, z and n after their activations [steps·examples, 3u]
     * @param candidate    the pre-activation of n [steps·examples, u]
     * @param recurrentN   h R_n + c_n, which the reset gate scales [steps·examples, u]
     * @param hidden       the outputs h [steps·examples, u]
     * @param masks        the mask [steps·examples, 1], or null without a mask
     */
    private record Pass(int examples, int steps, INDArray inputs, INDArray gates, INDArray candidate, INDArray recurrentN,
                        INDArray hidden, INDArray masks) {
        INDArray rows(INDArray array, int step) {
            return array.get(NDArrayIndex.interval((long) step * examples, (long) (step + 1) * examples), NDArrayIndex.all());
        }
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    private int units() {
        return (int) layerConf().getNOut();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
        return output(forward(null, training, workspaces, training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM,
                training), workspaces);
    }

    /** Each step's output [examples, units, steps] (NWC: [examples, steps, units]). */
    private INDArray output(Pass pass, LayerWorkspaceMgr workspaces) {
        INDArray out = array(workspaces, ArrayType.ACTIVATIONS, new long[] {pass.examples(), units(), pass.steps()}, 'c');
        out.assign(pass.hidden().reshape('c', pass.steps(), pass.examples(), units()).permute(1, 2, 0));
        return permuteIfNWC(out);
    }

    /**
     * @param initial the state before the first step [examples, units], or null for zeros
     * @param type    the lifetime of the arrays kept: ACTIVATIONS when the backward pass will read them
     * @param keep    whether the pass is kept for the backward pass
     */
    private Pass forward(INDArray initial, boolean training, LayerWorkspaceMgr workspaces, ArrayType type, boolean keep) {
        assertInputSet(false);
        if (input.rank() != 3) {
            throw new IllegalArgumentException("a GRU takes sequences [examples, features, steps], got shape "
                    + Arrays.toString(input.shape()) + " " + layerId());
        }
        applyDropOutIfNecessary(training, workspaces);
        INDArray x = permuteIfNWC(input.castTo(dataType));
        int examples = (int) x.size(0);
        int features = (int) x.size(1);
        int steps = (int) x.size(2);
        int u = units();
        INDArray w = getParamWithNoise(INPUT_WEIGHTS, training, workspaces);
        INDArray rw = getParamWithNoise(RECURRENT_WEIGHTS, training, workspaces);
        INDArray b = getParamWithNoise(INPUT_BIAS, training, workspaces);
        INDArray rb = getParamWithNoise(RECURRENT_BIAS, training, workspaces);
        if (features != w.size(0)) {
            throw new IllegalArgumentException("input has " + features + " features per step, the layer takes "
                    + w.size(0) + " " + layerId());
        }
        int rows = steps * examples;
        INDArray inputs = array(workspaces, type, new long[] {steps, examples, features}, 'c');
        inputs.assign(x.permute(2, 0, 1));
        inputs = inputs.reshape('c', rows, features);
        INDArray gates = array(workspaces, type, new long[] {rows, 3L * u}, 'c');
        Nd4j.gemm(inputs, w, gates, false, false, 1.0, 0.0);
        gates.addiRowVector(b);
        INDArray candidate = array(workspaces, type, new long[] {rows, u}, 'c');
        INDArray recurrentN = array(workspaces, type, new long[] {rows, u}, 'c');
        INDArray hidden = array(workspaces, type, new long[] {rows, u}, 'c');
        // working memory of the pass: inside a backward pass only its own workspace is open
        ArrayType working = type == ArrayType.BP_WORKING_MEM ? type : ArrayType.FF_WORKING_MEM;
        INDArray recurrent = array(workspaces, working, new long[] {examples, 3L * u}, 'c');
        INDArray masks = masks(workspaces, type, examples, steps);
        Pass pass = new Pass(examples, steps, inputs, gates, candidate, recurrentN, hidden, masks);
        IActivation activation = layerConf().getActivationFn();
        INDArray previous = initial == null ? null : initial.castTo(dataType);
        for (int t = 0; t < steps; t++) {
            INDArray g = pass.rows(gates, t);
            INDArray h = pass.rows(hidden, t);
            if (previous == null) {
                recurrent.assign(0);
            } else {
                Nd4j.gemm(previous, rw, recurrent, false, false, 1.0, 0.0);
            }
            recurrent.addiRowVector(rb);
            INDArray resetUpdate = g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * u));
            resetUpdate.addi(recurrent.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * u)));
            Transforms.sigmoid(resetUpdate, false);
            INDArray r = g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, u));
            INDArray z = g.get(NDArrayIndex.all(), NDArrayIndex.interval(u, 2L * u));
            INDArray n = g.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * u, 3L * u));
            INDArray rn = pass.rows(recurrentN, t);
            rn.assign(recurrent.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * u, 3L * u)));
            INDArray a = pass.rows(candidate, t);
            a.assign(n.addi(r.mul(rn)));
            activation.getActivation(n, training);
            // h = (1 - z) n + z h_prev = n + z (h_prev - n)
            if (previous == null) {
                h.assign(n).subi(z.mul(n));
            } else {
                h.assign(previous).subi(n).muli(z).addi(n);
            }
            if (masks != null) {
                h.muliColumnVector(pass.rows(masks, t));
            }
            previous = h;
        }
        if (keep) {
            kept = pass;
            keptFor = input;
        }
        return pass;
    }

    /**
     * A 'c'-ordered array of the given lifetime; outside any workspace where the caller configured none for it (DL4J's
     * rnnTimeStep and output passes configure fewer than training does).
     */
    private INDArray array(LayerWorkspaceMgr workspaces, ArrayType type, long[] shape, char order) {
        return workspaces.hasConfiguration(type) || workspaces.isScopedOut(type)
                ? workspaces.createUninitialized(type, dataType, shape, order)
                : Nd4j.createUninitialized(dataType, shape, order);
    }

    /** DL4J's [examples, steps] mask time-major, [steps·examples, 1], or null without a mask. */
    private INDArray masks(LayerWorkspaceMgr workspaces, ArrayType type, int examples, int steps) {
        if (maskArray == null) {
            return null;
        }
        if (maskArray.size(0) != examples || maskArray.size(1) != steps) {
            throw new IllegalArgumentException("mask of shape " + Arrays.toString(maskArray.shape()) + " does not fit "
                    + examples + " examples of " + steps + " steps " + layerId());
        }
        INDArray masks = array(workspaces, type, new long[] {steps, examples}, 'c');
        masks.assign(maskArray.castTo(dataType).transpose());
        return masks.reshape('c', (long) steps * examples, 1);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        assertInputSet(true);
        Pass pass = kept != null && keptFor == input ? kept : forward(null, true, workspaces, ArrayType.BP_WORKING_MEM, false);
        kept = null;
        keptFor = null;
        int examples = pass.examples();
        int steps = pass.steps();
        int u = units();
        int rows = steps * examples;
        INDArray w = getParamWithNoise(INPUT_WEIGHTS, true, workspaces);
        INDArray rw = getParamWithNoise(RECURRENT_WEIGHTS, true, workspaces);
        IActivation activation = layerConf().getActivationFn();

        // dh of every step from the layers above, time-major
        INDArray dh = array(workspaces, ArrayType.BP_WORKING_MEM, new long[] {steps, examples, u}, 'c');
        dh.assign(permuteIfNWC(epsilon.castTo(dataType)).permute(2, 0, 1));
        dh = dh.reshape('c', rows, u);
        INDArray inputGates = array(workspaces, ArrayType.BP_WORKING_MEM, new long[] {rows, 3L * u}, 'c');
        INDArray recurrentGates = array(workspaces, ArrayType.BP_WORKING_MEM, new long[] {rows, 3L * u}, 'c');
        INDArray carried = null;
        for (int t = steps - 1; t >= 0; t--) {
            INDArray d = pass.rows(dh, t);
            if (carried != null) {
                d.addi(carried);
            }
            if (pass.masks() != null) {
                d.muliColumnVector(pass.rows(pass.masks(), t));
            }
            INDArray g = pass.rows(pass.gates(), t);
            INDArray r = g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, u));
            INDArray z = g.get(NDArrayIndex.all(), NDArrayIndex.interval(u, 2L * u));
            INDArray n = g.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * u, 3L * u));
            INDArray previous = t == 0 ? null : pass.rows(pass.hidden(), t - 1);
            INDArray dx = pass.rows(inputGates, t);
            INDArray dr = dx.get(NDArrayIndex.all(), NDArrayIndex.interval(0, u));
            INDArray dz = dx.get(NDArrayIndex.all(), NDArrayIndex.interval(u, 2L * u));
            INDArray dn = dx.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * u, 3L * u));
            // dn = dh (1 - z), through the activation
            dn.assign(d).subi(d.mul(z));
            INDArray da = activation.backprop(pass.rows(pass.candidate(), t).dup(), dn.dup()).getFirst();
            dn.assign(da);
            // dz = dh (h_prev - n) z (1 - z)
            INDArray sigmoidZ = z.sub(z.mul(z));
            if (previous == null) {
                dz.assign(n).negi();
            } else {
                dz.assign(previous).subi(n);
            }
            dz.muli(d).muli(sigmoidZ);
            // dr = dn (h R_n + c_n) r (1 - r)
            dr.assign(dn).muli(pass.rows(pass.recurrentN(), t)).muli(r.sub(r.mul(r)));
            INDArray dg = pass.rows(recurrentGates, t);
            dg.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * u)).assign(dx.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2L * u)));
            dg.get(NDArrayIndex.all(), NDArrayIndex.interval(2L * u, 3L * u)).assign(dn).muli(r);
            if (t > 0) {
                // dh_prev = dh z + dg RW^T
                carried = d.mul(z);
                Nd4j.gemm(dg, rw, carried, false, true, 1.0, 1.0);
            }
        }
        INDArray inputsT = pass.inputs();
        Nd4j.gemm(inputsT, inputGates, gradientViews.get(INPUT_WEIGHTS), true, false, 1.0, 0.0);
        INDArray recurrentWeightGradient = gradientViews.get(RECURRENT_WEIGHTS);
        if (steps > 1) {
            INDArray before = pass.hidden().get(NDArrayIndex.interval(0, (long) rows - examples), NDArrayIndex.all());
            INDArray after = recurrentGates.get(NDArrayIndex.interval(examples, rows), NDArrayIndex.all());
            Nd4j.gemm(before, after, recurrentWeightGradient, true, false, 1.0, 0.0);
        } else {
            recurrentWeightGradient.assign(0);
        }
        gradientViews.get(INPUT_BIAS).assign(inputGates.sum(true, 0));
        gradientViews.get(RECURRENT_BIAS).assign(recurrentGates.sum(true, 0));

        INDArray dxTimeMajor = array(workspaces, ArrayType.BP_WORKING_MEM, new long[] {rows, inputsT.size(1)}, 'c');
        Nd4j.gemm(inputGates, w, dxTimeMajor, false, true, 1.0, 0.0);
        INDArray next = array(workspaces, ArrayType.ACTIVATION_GRAD, new long[] {examples, inputsT.size(1), steps}, 'c');
        next.assign(dxTimeMajor.reshape('c', steps, examples, inputsT.size(1)).permute(1, 2, 0));
        weightNoiseParams.clear();

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        for (String key : GruParameters.INSTANCE.paramKeys(layerConf())) {
            gradient.gradientForVariable().put(key, gradientViews.get(key));
        }
        return new Pair<>(gradient, permuteIfNWC(backpropDropOutIfPresent(next)));
    }

    /** Inference one or more steps at a time, carrying the state between calls (generation). */
    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaces) {
        setInput(input, workspaces);
        Pass pass = forward(stateMap.get(PREVIOUS_OUTPUT), false, workspaces, ArrayType.FF_WORKING_MEM, false);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            stateMap.put(PREVIOUS_OUTPUT, pass.rows(pass.hidden(), pass.steps() - 1).dup());
        }
        return output(pass, workspaces);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaces) {
        throw new UnsupportedOperationException("a GRU layer does not support truncated backpropagation through time "
                + layerId());
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaces) {
        throw new UnsupportedOperationException("a GRU layer does not support truncated backpropagation through time "
                + layerId());
    }

    @Override
    public void clear() {
        super.clear();
        kept = null;
        keptFor = null;
    }
}
