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
 * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013), as TensorFlow's
 * {@code ApplyFtrlV2} and Keras' {@code Ftrl} compute it. Per weight w with gradient g, the sum of squared gradients n
 * (starting at {@code initialAccumulator}) and the linear term z (starting at 0), with p = {@code lrPower}:
 * <pre>
 *   g' = g + 2·l2Shrinkage·w
 *   n' = n + g²
 *   z ← z + g' − (n'^(−p) − n^(−p)) / lr · w
 *   w ← 0 where |z| ≤ l1, else (sign(z)·l1 − z) / ((β + n'^(−p)) / lr + 2·l2)
 *   n ← n'
 * </pre>
 * The new weight comes from z and n, not from a step off the old one, and z needs the old weight: so the rule reads the
 * weights it updates, which {@link #bind} hands it (DL4J's updaters see only gradients). It gives DL4J the step
 * w_old − w_new. A bean with a no-argument constructor because DL4J writes updaters into the model's JSON by class
 * name and properties.
 */
public final class Ftrl extends ScheduledUpdater {
    private double lrPower;
    private double initialAccumulator;
    private double l1;
    private double l2;
    private double l2Shrinkage;
    private double beta;

    public Ftrl() {
    }

    public Ftrl(ISchedule learningRateSchedule, double lrPower, double initialAccumulator, double l1, double l2,
                double l2Shrinkage, double beta) {
        super(learningRateSchedule);
        this.lrPower = lrPower;
        this.initialAccumulator = initialAccumulator;
        this.l1 = l1;
        this.l2 = l2;
        this.l2Shrinkage = l2Shrinkage;
        this.beta = beta;
    }

    /**
     * Hands the rule the weights it updates: {@code weights} is a view of exactly the parameters whose gradient
     * {@code state} receives, in the same order. Needed once per instantiated updater, before its first step.
     */
    public static void bind(GradientUpdater<?> state, INDArray weights) {
        ((Accumulators) state).weights = weights;
    }

    /** Whether {@code state} is this rule's and needs {@link #bind}. */
    public static boolean needsWeights(GradientUpdater<?> state) {
        return state instanceof Accumulators;
    }

    public double getLrPower() {
        return lrPower;
    }

    public void setLrPower(double lrPower) {
        this.lrPower = lrPower;
    }

    public double getInitialAccumulator() {
        return initialAccumulator;
    }

    public void setInitialAccumulator(double initialAccumulator) {
        this.initialAccumulator = initialAccumulator;
    }

    public double getL1() {
        return l1;
    }

    public void setL1(double l1) {
        this.l1 = l1;
    }

    public double getL2() {
        return l2;
    }

    public void setL2(double l2) {
        this.l2 = l2;
    }

    public double getL2Shrinkage() {
        return l2Shrinkage;
    }

    public void setL2Shrinkage(double l2Shrinkage) {
        this.l2Shrinkage = l2Shrinkage;
    }

    public double getBeta() {
        return beta;
    }

    public void setBeta(double beta) {
        this.beta = beta;
    }

    /** n and z, one of each per parameter. */
    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater<Ftrl> instantiate(INDArray viewArray, boolean initializeViewArray) {
        Accumulators updater = new Accumulators(this);
        updater.setStateViewArray(viewArray, new long[] {1, viewArray.length() / 2}, 'c', initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater<Ftrl> instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Accumulators updater = new Accumulators(this);
        updater.setState(state, initializeStateArrays);
        return updater;
    }

    @Override
    public Ftrl clone() {
        Ftrl copy = new Ftrl(copyOf(getLearningRateSchedule()), lrPower, initialAccumulator, l1, l2, l2Shrinkage, beta);
        copy.setLearningRate(getLearningRate());
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ftrl other && other.getLearningRate() == getLearningRate() && other.lrPower == lrPower
                && other.initialAccumulator == initialAccumulator && other.l1 == l1 && other.l2 == l2
                && other.l2Shrinkage == l2Shrinkage && other.beta == beta
                && Objects.equals(other.getLearningRateSchedule(), getLearningRateSchedule());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), lrPower, initialAccumulator, l1, l2, l2Shrinkage, beta,
                getLearningRateSchedule());
    }

    /** The per-layer state: n then z in the view array, and the weights they set. */
    private static final class Accumulators implements GradientUpdater<Ftrl> {
        private static final String N = "N";
        private static final String Z = "Z";
        private final Ftrl config;
        private INDArray n;
        private INDArray z;
        private INDArray weights;

        Accumulators(Ftrl config) {
            this.config = config;
        }

        @Override
        public Ftrl getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (!state.containsKey(N) || !state.containsKey(Z) || state.size() != 2) {
                throw new IllegalStateException("Ftrl's state holds N and Z, got " + state.keySet());
            }
            n = state.get(N);
            z = state.get(Z);
            if (initialize) {
                n.assign(config.initialAccumulator);
                z.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(N, n, Z, z);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char order, boolean initialize) {
            long length = viewArray.length();
            INDArray flat = viewArray.reshape(length);
            // views, never copies: what the updater writes here is what a checkpoint saves
            n = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(0, length / 2)), gradientShape, order == 'f');
            z = Shape.newShapeNoCopy(flat.get(NDArrayIndex.interval(length / 2, length)), gradientShape, order == 'f');
            if (n == null || z == null) {
                throw new IllegalStateException("Ftrl's state cannot be viewed in the gradient's shape");
            }
            if (initialize) {
                n.assign(config.initialAccumulator);
                z.assign(0);
            }
        }

        /** Turns the gradient, in place, into the step DL4J subtracts from the parameters: w_old − w_new. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            if (weights == null) {
                throw new IllegalStateException("ftrl reads the weights it updates, and none were bound to it: build"
                        + " and load networks through dlx (NetworkFactory), which binds them");
            }
            double lr = config.getLearningRate(iteration, epoch);
            double power = -config.lrPower;
            INDArray g = gradient.dup().reshape(n.shape());
            INDArray w = weights.reshape(n.shape());
            INDArray shrunk = config.l2Shrinkage > 0 ? g.add(w.mul(2 * config.l2Shrinkage)) : g;
            INDArray before = Transforms.pow(n, power, true);
            n.addi(g.mul(g));
            INDArray after = Transforms.pow(n, power, true);
            z.addi(shrunk).subi(after.sub(before).divi(lr).muli(w));
            INDArray quadratic = after.addi(config.beta).divi(lr).addi(2 * config.l2);
            INDArray clipped = Transforms.max(Transforms.min(z, config.l1, true), -config.l1, false);
            INDArray next = clipped.subi(z).divi(quadratic);
            gradient.assign(w.sub(next).reshape(gradient.shape()));
        }
    }
}
