package dlx.optim.updater;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with heavy-ball momentum, as in PyTorch: v = μ·v + g, w = w − lr·v. DL4J only ships
 * Nesterov's variant ({@code Nesterovs}), which is a different method. A bean with a no-argument
 * constructor because DL4J writes updaters into the model's JSON by class name and properties.
 */
public final class ClassicalMomentum extends ScheduledUpdater {
    private double momentum;

    public ClassicalMomentum() {
    }

    public ClassicalMomentum(ISchedule learningRateSchedule, double momentum) {
        super(learningRateSchedule);
        this.momentum = momentum;
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater<ClassicalMomentum> instantiate(INDArray viewArray, boolean initializeViewArray) {
        Velocity updater = new Velocity(this);
        updater.setStateViewArray(viewArray, viewArray.shape(), 'c', initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<ClassicalMomentum> instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Velocity updater = new Velocity(this);
        updater.setState(state, initializeStateArrays);
        return updater;
    }

    @Override
    public ClassicalMomentum clone() {
        ClassicalMomentum copy = new ClassicalMomentum(copyOf(getLearningRateSchedule()),
                momentum);
        copy.setLearningRate(getLearningRate());
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassicalMomentum other && other.getLearningRate() == getLearningRate()
                && other.momentum == momentum && Objects.equals(other.getLearningRateSchedule(), getLearningRateSchedule());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), momentum, getLearningRateSchedule());
    }

    /** The per-layer state: one velocity per parameter. */
    private static final class Velocity implements GradientUpdater<ClassicalMomentum> {
        private static final String STATE = "V";
        private final ClassicalMomentum config;
        private INDArray v;

        Velocity(ClassicalMomentum config) {
            this.config = config;
        }

        @Override
        public ClassicalMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            v = state.get(STATE);
            if (initialize) {
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(STATE, v);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            v = viewArray.reshape(order, gradientShape);
        }

        /** Turns the gradient, in place, into the step DL4J subtracts from the parameters. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            v.muli(config.momentum).addi(gradient);
            gradient.assign(v).muli(lr);
        }
    }
}
