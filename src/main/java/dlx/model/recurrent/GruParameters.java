package dlx.model.recurrent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A GRU's parameters in one flat view, in this order: the input weights {@code W} [nIn, 3u], the recurrent weights
 * {@code RW} [u, 3u] (both 'f' ordered, as DL4J keeps weights), the input biases {@code b} [3u] and the recurrent
 * biases {@code Rb} [3u]. Weights are drawn as DL4J's LSTM draws them (fan-in u, fan-out nIn + u), so a GRU and an
 * LSTM with the same {@code init} start alike; biases start at 0.
 */
public final class GruParameters implements ParamInitializer {
    public static final String INPUT_WEIGHTS = "W";
    public static final String RECURRENT_WEIGHTS = "RW";
    public static final String INPUT_BIAS = "b";
    public static final String RECURRENT_BIAS = "Rb";
    static final GruParameters INSTANCE = new GruParameters();
    private static final List<String> KEYS = List.of(INPUT_WEIGHTS, RECURRENT_WEIGHTS, INPUT_BIAS, RECURRENT_BIAS);
    private static final List<String> WEIGHTS = List.of(INPUT_WEIGHTS, RECURRENT_WEIGHTS);
    private static final List<String> BIASES = List.of(INPUT_BIAS, RECURRENT_BIAS);
    /** r, z and n. */
    private static final int GATES = 3;

    private GruParameters() {
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        BaseRecurrentLayer gru = (BaseRecurrentLayer) layer;
        long units = gru.getNOut();
        return GATES * units * (gru.getNIn() + units + 2);
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return WEIGHTS;
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return BIASES;
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHTS.contains(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIASES.contains(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray view, boolean initialize) {
        BaseRecurrentLayer gru = (BaseRecurrentLayer) conf.getLayer();
        for (String key : KEYS) {
            conf.addVariable(key);
        }
        Map<String, INDArray> parts = split(gru, view);
        if (initialize) {
            long units = gru.getNOut();
            long fanIn = units;
            long fanOut = gru.getNIn() + units;
            IWeightInit recurrent = gru.getWeightInitFnRecurrent() != null ? gru.getWeightInitFnRecurrent() : gru.getWeightInitFn();
            INDArray w = parts.get(INPUT_WEIGHTS);
            INDArray rw = parts.get(RECURRENT_WEIGHTS);
            gru.getWeightInitFn().init(fanIn, fanOut, w.shape(), 'f', w);
            recurrent.init(fanIn, fanOut, rw.shape(), 'f', rw);
            parts.get(INPUT_BIAS).assign(0);
            parts.get(RECURRENT_BIAS).assign(0);
        }
        return parts;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray view) {
        return split((BaseRecurrentLayer) conf.getLayer(), view);
    }

    /** The four parameters as views of the flat array, weights shaped [rows, 3u] in 'f' order. */
    private Map<String, INDArray> split(BaseRecurrentLayer gru, INDArray view) {
        long units = gru.getNOut();
        long inputs = gru.getNIn();
        long expected = numParams(gru);
        if (view.length() != expected) {
            throw new IllegalStateException("a GRU of " + inputs + " inputs and " + units + " units has " + expected
                    + " parameters, got a view of " + view.length());
        }
        INDArray flat = view.reshape(view.length());
        long gates = GATES * units;
        long inputEnd = inputs * gates;
        long recurrentEnd = inputEnd + units * gates;
        long biasEnd = recurrentEnd + gates;
        Map<String, INDArray> parts = new LinkedHashMap<>();
        parts.put(INPUT_WEIGHTS, flat.get(NDArrayIndex.interval(0, inputEnd)).reshape('f', inputs, gates));
        parts.put(RECURRENT_WEIGHTS, flat.get(NDArrayIndex.interval(inputEnd, recurrentEnd)).reshape('f', units, gates));
        parts.put(INPUT_BIAS, flat.get(NDArrayIndex.interval(recurrentEnd, biasEnd)).reshape(1, gates));
        parts.put(RECURRENT_BIAS, flat.get(NDArrayIndex.interval(biasEnd, biasEnd + gates)).reshape(1, gates));
        return parts;
    }
}
