package dlx.optim.updater;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Zeiler's AdaDelta with a learning rate that multiplies its step, as PyTorch's and Keras' have (dlx's default, 1.0,
 * is PyTorch's):
 * <pre>
 *   s ← ρ·s + (1 − ρ)·g²
 *   Δ = √(d + ε) / √(s + ε) · g
 *   d ← ρ·d + (1 − ρ)·Δ²
 *   step = lr·Δ
 * </pre>
 * The averages are those of DL4J's {@code AdaDelta}, which has no rate; the rate scales only the step taken, so a
 * schedule on it scales every step without changing what the averages learn. A bean with a no-argument constructor
 * because DL4J writes updaters into the model's JSON by class name and properties.
 */
public final class AdaDelta extends ScheduledUpdater {
    private double rho;
    private double epsilon;

    public AdaDelta() {
    }

    public AdaDelta(ISchedule learningRateSchedule, double rho, double epsilon) {
        super(learningRateSchedule);
        this.rho = rho;
        this.epsilon = epsilon;
    }

    public double getRho() {
        return rho;
    }

    public void setRho(double rho) {
        this.rho = rho;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    /** The averages DL4J's rule keeps. */
    private org.nd4j.linalg.learning.config.AdaDelta averages() {
        return new org.nd4j.linalg.learning.config.AdaDelta(rho, epsilon);
    }

    @Override
    public long stateSize(long numParams) {
        return averages().stateSize(numParams);
    }

    @Override
    public GradientUpdater<AdaDelta> instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new Scaled(this, averages().instantiate(viewArray, initializeViewArray));
    }

    @Override
    public GradientUpdater<AdaDelta> instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        return new Scaled(this, averages().instantiate(state, initializeStateArrays));
    }

    @Override
    public AdaDelta clone() {
        AdaDelta copy = new AdaDelta(copyOf(getLearningRateSchedule()), rho, epsilon);
        copy.setLearningRate(getLearningRate());
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdaDelta other && other.getLearningRate() == getLearningRate() && other.rho == rho
                && other.epsilon == epsilon && Objects.equals(other.getLearningRateSchedule(), getLearningRateSchedule());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), rho, epsilon, getLearningRateSchedule());
    }

    /** DL4J's rule and its state, its step multiplied by the rate. */
    private record Scaled(AdaDelta config, GradientUpdater<?> rule) implements GradientUpdater<AdaDelta> {
        @Override
        public AdaDelta getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            rule.setState(state, initialize);
        }

        @Override
        public Map<String, INDArray> getState() {
            return rule.getState();
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            rule.setStateViewArray(viewArray, gradientShape, order, initialize);
        }

        /** Turns the gradient, in place, into the step DL4J subtracts from the parameters. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            rule.applyUpdater(gradient, iteration, epoch);
            gradient.muli(config.getLearningRate(iteration, epoch));
        }
    }
}
