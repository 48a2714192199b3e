package dlx.model.recurrent;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BidirectionalLayer;
import org.deeplearning4j.nn.params.BidirectionalParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J's bidirectional layer, which runs its directions on the sequence and on its time-reversed copy; when each
 * direction hands on only its final state ({@code LastTimeStep} inside), the outputs are [examples, units] and this
 * class merges them and splits their gradient itself, since DL4J's backward pass reverses the gradient in time,
 * which a last-step gradient has no axis for. Sequences out go to DL4J's code unchanged.
 */
public class BidirectionalRnnLayer extends BidirectionalLayer {
    private final Layer forward;
    private final Layer backward;
    private final Bidirectional.Mode mode;
    /** The two directions' last outputs, which the gradient of a product needs. */
    private INDArray forwardOut;
    private INDArray backwardOut;

    public BidirectionalRnnLayer(NeuralNetConfiguration conf, Layer forward, Layer backward, INDArray parameters) {
        super(conf, forward, backward, parameters);
        this.forward = forward;
        this.backward = backward;
        this.mode = ((Bidirectional) conf.getLayer()).getMode();
    }

    private boolean lastSteps() {
        return forward instanceof org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
        if (!lastSteps()) {
            return super.activate(training, workspaces);
        }
        INDArray f = forward.activate(training, workspaces);
        INDArray b = backward.activate(training, workspaces);
        if (mode == Bidirectional.Mode.MUL) {
            forwardOut = f;
            backwardOut = b;
        }
        INDArray merged = switch (mode) {
            case CONCAT -> Nd4j.concat(1, f, b);
            case ADD -> f.add(b);
            case MUL -> f.mul(b);
            case AVERAGE -> f.add(b).muli(0.5);
        };
        return workspaces.leverageTo(ArrayType.ACTIVATIONS, merged);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
        if (!lastSteps()) {
            return super.backpropGradient(epsilon, workspaces);
        }
        long units = mode == Bidirectional.Mode.CONCAT ? epsilon.size(1) / 2 : epsilon.size(1);
        INDArray toForward = switch (mode) {
            case CONCAT -> epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(0, units));
            case ADD -> epsilon;
            case MUL -> epsilon.mul(backwardOut);
            case AVERAGE -> epsilon.mul(0.5);
        };
        INDArray toBackward = switch (mode) {
            case CONCAT -> epsilon.get(NDArrayIndex.all(), NDArrayIndex.interval(units, 2 * units));
            case ADD -> epsilon;
            case MUL -> epsilon.mul(forwardOut);
            case AVERAGE -> toForward;
        };
        Pair<Gradient, INDArray> f = forward.backpropGradient(toForward.dup(), workspaces);
        Pair<Gradient, INDArray> b = backward.backpropGradient(toBackward.dup(), workspaces);
        Gradient gradient = new DefaultGradient(getGradientsViewArray());
        for (Map.Entry<String, INDArray> e : f.getFirst().gradientForVariable().entrySet()) {
            gradient.gradientForVariable().put(BidirectionalParamInitializer.FORWARD_PREFIX + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, INDArray> e : b.getFirst().gradientForVariable().entrySet()) {
            gradient.gradientForVariable().put(BidirectionalParamInitializer.BACKWARD_PREFIX + e.getKey(), e.getValue());
        }
        // the backward direction read the reversed sequence: its input gradient is reversed back
        INDArray reversed = TimeSeriesUtils.reverseTimeSeries(b.getSecond(), workspaces, ArrayType.BP_WORKING_MEM,
                ((Bidirectional) conf().getLayer()).getRNNDataFormat());
        INDArray next = f.getSecond().addi(reversed);
        return new Pair<>(gradient, next);
    }

    @Override
    public void clear() {
        super.clear();
        forwardOut = null;
        backwardOut = null;
    }
}
