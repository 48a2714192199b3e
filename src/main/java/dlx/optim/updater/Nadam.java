package dlx.optim.updater;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Adam with Nesterov momentum (Dozat, "Incorporating Nesterov Momentum into Adam", 2016). With t the
 * step, counted from 1, and g its gradient:
 * <pre>
 *   m_t = β1·m + (1 − β1)·g
 *   v_t = β2·v + (1 − β2)·g²
 *   m̂  = β1·m_t / (1 − β1^(t+1)) + (1 − β1)·g / (1 − β1^t)
 *   v̂  = v_t / (1 − β2^t)
 *   step = lr·m̂ / (√v̂ + ε)
 * </pre>
 * This is PyTorch's {@code torch.optim.NAdam} with its momentum cache μ_t held at β1 for every t, that is
 * without Dozat's momentum-decay schedule μ_t = β1·(1 − 0.96^(t·ψ)/2); it is also optax's {@code nadam}.
 * (PyTorch's {@code momentum_decay=0} is not this: it holds μ_t at β1/2.) The first step is
 * lr·(1 + 2β1)/(1 + β1)·sign(g), 1.47·lr for β1 = 0.9, whatever the gradient's size.
 * <p>
 * DL4J 1.0.0-M2.1 has its own {@code Nadam}, but it bias-corrects m and not v, so its first step is
 * (1 + β1)/√(1 − β2)·lr, about 60·lr with the defaults. A bean with a no-argument constructor because DL4J
 * writes updaters into the model's JSON by class name and properties.
 */
public final class Nadam extends ScheduledUpdater {
    private double beta1;
    private double beta2;
    private double epsilon;

    public Nadam() {
    }

    public Nadam(ISchedule learningRateSchedule, double beta1, double beta2, double epsilon) {
        super(learningRateSchedule);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    public double getBeta1() {
        return beta1;
    }

    public void setBeta1(double beta1) {
        this.beta1 = beta1;
    }

    public double getBeta2() {
        return beta2;
    }

    public void setBeta2(double beta2) {
        this.beta2 = beta2;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    /** m and v, one of each per parameter. */
    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater<Nadam> instantiate(INDArray viewArray, boolean initializeViewArray) {
        Moments updater = new Moments(this);
        // DL4J hands a row of m and v together and then gradients as rows half its length
        updater.setStateViewArray(viewArray, new long[] {1, viewArray.length() / 2}, 'c', initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<Nadam> instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Moments updater = new Moments(this);
        updater.setState(state, initializeStateArrays);
        return updater;
    }

    @Override
    public Nadam clone() {
        Nadam copy = new Nadam(copyOf(getLearningRateSchedule()), beta1, beta2, epsilon);
        copy.setLearningRate(getLearningRate());
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Nadam other && other.getLearningRate() == getLearningRate() && other.beta1 == beta1
                && other.beta2 == beta2 && other.epsilon == epsilon
                && Objects.equals(other.getLearningRateSchedule(), getLearningRateSchedule());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), beta1, beta2, epsilon, getLearningRateSchedule());
    }

    /** The per-layer state: the two moving averages, m then v in the view array (as DL4J's Adam lays them out). */
    private static final class Moments implements GradientUpdater<Nadam> {
        private static final String M = "M";
        private static final String V = "V";
        private final Nadam config;
        private INDArray m;
        private INDArray v;

        Moments(Nadam config) {
            this.config = config;
        }

        @Override
        public Nadam getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (!state.containsKey(M) || !state.containsKey(V) || state.size() != 2) {
                throw new IllegalStateException("Nadam's state holds M and V, got " + state.keySet());
            }
            m = state.get(M);
            v = state.get(V);
            if (initialize) {
                m.assign(0);
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(M, m, V, v);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            if (initialize) {
                viewArray.assign(0);
            }
            long length = viewArray.length();
            INDArray flat = viewArray.reshape(length);
            // views, never copies: what the updater writes here is what a checkpoint saves
            m = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(0, length / 2)), gradientShape, order == 'f');
            v = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(length / 2, length)), gradientShape, order == 'f');
            if (m == null || v == null) {
                throw new IllegalStateException("Nadam's state cannot be viewed in the gradient's shape");
            }
        }

        /** Turns the gradient, in place, into the step DL4J subtracts from the parameters. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            double beta1 = config.beta1;
            double beta2 = config.beta2;
            int t = iteration + 1; // DL4J counts iterations from 0
            // a copy in the moments' shape: DL4J may hand a [1, n] gradient to [n] state views
            INDArray g = gradient.dup().reshape(m.shape());
            m.muli(beta1).addi(g.mul(1 - beta1));
            v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray denominator = Transforms.sqrt(v.div(1 - Math.pow(beta2, t)), false).addi(config.epsilon);
            INDArray step = g.muli(lr * (1 - beta1) / (1 - Math.pow(beta1, t)))
                    .addi(m.mul(lr * beta1 / (1 - Math.pow(beta1, t + 1))))
                    .divi(denominator);
            gradient.assign(step.reshape(gradient.shape()));
        }
    }
}
