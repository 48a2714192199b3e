package dlx.model.recurrent;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The configuration of a gated recurrent unit layer, which DL4J 1.0.0-M2.1 lacks (Cho et al. 2014), in PyTorch's
 * and cuDNN's form: the reset gate scales the recurrent product after the matrix multiplication,
 * <pre>
 *   r  = sigmoid(x W_r + b_r + h R_r + c_r)
 *   z  = sigmoid(x W_z + b_z + h R_z + c_z)
 *   n  = activation(x W_n + b_n + r * (h R_n + c_n))
 *   h' = (1 - z) * n + z * h
 * </pre>
 * with parameters {@code W} [nIn, 3·units], {@code RW} [units, 3·units], {@code b} and {@code Rb} [3·units], the
 * gates in the order r, z, n (as PyTorch's weight_ih, weight_hh, bias_ih, bias_hh). Keras' {@code GRU} with
 * {@code reset_after=True} is the same function. The activation is tanh unless configured otherwise; the gates are
 * sigmoids. DL4J writes this class's name into a saved model's JSON, so it keeps its name and package, and a
 * no-argument constructor for the loader.
 */
public class Gru extends BaseRecurrentLayer {
    public Gru() {
        // for DL4J's JSON loader
    }

    private Gru(Builder builder) {
        super(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray parameters, boolean initialize, DataType dataType) {
        LayerValidation.assertNInNOutSet("Gru", getLayerName(), index, getNIn(), getNOut());
        GruLayer layer = new GruLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(parameters);
        Map<String, INDArray> table = initializer().init(conf, parameters, initialize);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return GruParameters.INSTANCE;
    }

    /** No memory estimate, as DL4J's SimpleRnn: dlx never asks for one. */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return null;
    }

    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public Gru build() {
            return new Gru(this);
        }
    }
}
