package dlx.model.recurrent;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * DL4J's {@link Bidirectional} around a recurrent layer (LSTM, GRU, simple RNN), with a many-to-one form that DL4J's
 * lacks: with {@code lastStep} each direction hands on its own final state, the forward one's at the last step and
 * the backward one's after it has read the whole sequence back to the first step (Keras'
 * {@code Bidirectional(..., return_sequences=False)}); a {@code LastTimeStep} around DL4J's bidirectional layer
 * would take the backward direction's output after one step, and one inside it has no backward pass in DL4J.
 * The recurrent layer is held unwrapped so that DL4J's builder gives it the network's updater, regularization and
 * defaults. DL4J writes this class's name and {@code lastStep} into a saved model's JSON, so it keeps its name,
 * package and a no-argument constructor for the loader.
 */
public class BidirectionalRnn extends Bidirectional {
    private boolean lastStep;

    public BidirectionalRnn() {
        // for DL4J's JSON loader
    }

    /**
     * @param layer    a recurrent layer
     * @param lastStep true: one output per sequence, [examples, units] (twice the units when concatenated);
     *                 false: an output per step
     */
    public BidirectionalRnn(Mode mode, org.deeplearning4j.nn.conf.layers.Layer layer, boolean lastStep) {
        super(mode, layer);
        this.lastStep = lastStep;
    }

    public boolean isLastStep() {
        return lastStep;
    }

    public void setLastStep(boolean lastStep) {
        this.lastStep = lastStep;
    }

    @Override
    public InputType getOutputType(int index, InputType input) {
        InputType perStep = super.getOutputType(index, input);
        return lastStep ? InputType.feedForward(((InputType.InputTypeRecurrent) perStep).getSize()) : perStep;
    }

    /** As DL4J's, with {@link BidirectionalRnnLayer} around the two directions, each in a LastTimeStep for lastStep. */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray parameters, boolean initialize, DataType dataType) {
        INDArray flat = parameters.reshape(parameters.length());
        long half = parameters.length() / 2;
        Layer forward = direction(conf, getFwd(), listeners, index, flat.get(NDArrayIndex.interval(0, half)), initialize,
                dataType);
        Layer backward = direction(conf, getBwd(), listeners, index, flat.get(NDArrayIndex.interval(half, 2 * half)),
                initialize, dataType);
        BidirectionalRnnLayer layer = new BidirectionalRnnLayer(conf, forward, backward, parameters);
        layer.setParamTable(initializer().init(conf, parameters, initialize));
        layer.setConf(conf);
        return layer;
    }

    private Layer direction(NeuralNetConfiguration conf, org.deeplearning4j.nn.conf.layers.Layer recurrent,
                            Collection<TrainingListener> listeners, int index, INDArray parameters, boolean initialize,
                            DataType dataType) {
        NeuralNetConfiguration own = conf.clone();
        org.deeplearning4j.nn.conf.layers.Layer layer = lastStep ? new LastTimeStep(recurrent) : recurrent;
        own.setLayer(layer);
        return layer.instantiate(own, listeners, index, parameters, initialize, dataType);
    }
}
