package dlx.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The optimizer, schedule and regularization sections: defaults, keys per type, and the errors users see. */
class OptimizationConfigTest {
    private static final String MLP = """
            data: {source: synthetic, kind: xor}
            model:
              layers:
                - {type: dense, units: 4}
                - {type: output, units: 2}
            """;

    private static Experiment parse(String... overrides) {
        return ExperimentFile.parse(MLP, "exp.yaml", false, List.of(overrides), "exp", data -> List.of(2));
    }

    private static String errorOf(String... overrides) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> parse(overrides));
        assertThat(error).as("a config error").isNotNull();
        return error.getMessage();
    }

    @Test
    void adadeltaTakesLrAsAMultiplierOfItsStepWithPytorchsDefault() {
        assertThat(parse("optimizer={type: adadelta}").optimizer()).isEqualTo(new OptimizerConfig.AdaDelta(1.0, 1e-6, 0.95));
        assertThat(parse("optimizer={type: adadelta, lr: 0.1}").optimizer().lr()).isEqualTo(0.1);
        assertThat(errorOf("optimizer={type: adadelta, lr: 0}")).isEqualTo("--set optimizer.lr: must be > 0, got 0.0");
    }

    @Test
    void aScheduleOnAdadeltaScalesItsMultiplier() {
        Experiment e = parse("optimizer={type: adadelta}", "schedule={type: cosine, warmup: 2}");
        assertThat(e.schedule().type()).isEqualTo("cosine");
        assertThat(e.schedule().warmup()).isEqualTo(2);
    }

    @Test
    void aSweepOverTheTypeKeepsTheBaseRateForAdadelta() {
        // dlx sweep --param 'optimizer.type=[sgd, adadelta]' on a file with optimizer: {type: sgd, lr: 0.05}
        Experiment e = ExperimentFile.parse(MLP + "optimizer: {type: sgd, lr: 0.05}\n", "exp.yaml", false,
                List.of("optimizer.type=adadelta"), "exp", data -> List.of(2));
        assertThat(e.optimizer()).isEqualTo(new OptimizerConfig.AdaDelta(0.05, 1e-6, 0.95));
    }

    @Test
    void ftrlHasKerasDefaultsAndChecksItsRanges() {
        assertThat(parse("optimizer={type: ftrl}").optimizer())
                .isEqualTo(new OptimizerConfig.Ftrl(0.001, -0.5, 0.1, 0.0, 0.0, 0.0, 0.0));
        assertThat(errorOf("optimizer={type: ftrl, lr_power: 0.5}")).isEqualTo("--set optimizer.lr_power: must be <= 0"
                + " (-0.5 divides each step by the root of the summed squared gradients), got 0.5");
        assertThat(errorOf("optimizer={type: ftrl, initial_accumulator: 0}"))
                .isEqualTo("--set optimizer.initial_accumulator: must be > 0, got 0.0");
        assertThat(errorOf("optimizer={type: ftrl, l1: -1}")).isEqualTo("--set optimizer.l1: must be >= 0, got -1.0");
        assertThat(errorOf("optimizer={type: ftrl, momentum: 0.9}")).isEqualTo("--set optimizer.momentum: not used by"
                + " ftrl (it takes: lr_power, initial_accumulator, l1, l2, l2_shrinkage, beta)");
    }

    @Test
    void eachOptimizerTakesOnlyItsOwnKeys() {
        assertThat(errorOf("optimizer={type: nesterov, beta1: 0.9}"))
                .isEqualTo("--set optimizer.beta1: not used by nesterov (it takes: momentum)");
        assertThat(errorOf("optimizer={type: adadelta, momentum: 0.9}"))
                .isEqualTo("--set optimizer.momentum: not used by adadelta (it takes: epsilon, rho)");
        assertThat(errorOf("optimizer={type: nadam, beta2: 1.5}"))
                .isEqualTo("--set optimizer.beta2: must be >= 0 and < 1, got 1.5");
    }

    @Test
    void scheduleDefaultsAreFilledPerType() {
        assertThat(parse().schedule()).as("constant, which has no gamma")
                .isEqualTo(new ScheduleConfig.Constant(ScheduleUnit.EPOCH, 0));
        assertThat(parse("schedule.type=plateau").schedule())
                .isEqualTo(new ScheduleConfig.Plateau(ScheduleUnit.EPOCH, 0, 0.0, Metric.VAL_LOSS, 0.1, 10));
        assertThat(parse("schedule.type=poly").schedule()).isEqualTo(new ScheduleConfig.Poly(ScheduleUnit.EPOCH, 0, 1.0, 0.0));
        assertThat(parse("schedule.type=inverse").schedule())
                .isEqualTo(new ScheduleConfig.Inverse(ScheduleUnit.EPOCH, 0, 0.1, 1.0));
        assertThat(((ScheduleConfig.Inverse) parse("schedule={type: inverse, gamma: 3}").schedule()).gamma())
                .as("a rate, any size").isEqualTo(3.0);
        assertThat(errorOf("schedule={type: step, gamma: 3}")).isEqualTo("--set schedule.gamma: must be > 0 and <= 1, got 3.0");
        assertThat(((ScheduleConfig.MultiStep) parse("schedule={type: multistep, milestones: [3, 6]}").schedule()).gamma())
                .isEqualTo(0.1);
        assertThat(parse("schedule.type=cosine").schedule()).isEqualTo(new ScheduleConfig.Cosine(ScheduleUnit.EPOCH, 0, 0.0));
    }

    @Test
    void anUnknownScheduleListsTheAllowedOnes() {
        assertThat(errorOf("schedule.type=cosin")).isEqualTo("--set schedule.type: 'cosin' is not one of constant, step,"
                + " multistep, exponential, inverse, poly, cosine, one_cycle, plateau (did you mean 'cosine'?)");
    }

    @Test
    void aScheduleKeyTheTypeDoesNotUseIsAnError() {
        assertThat(errorOf("schedule={type: cosine, gamma: 0.5}"))
                .isEqualTo("--set schedule.gamma: not used by cosine (it takes: min_lr)");
        assertThat(errorOf("schedule={type: constant, min_lr: 0.1}"))
                .isEqualTo("--set schedule.min_lr: not used by constant (it takes only unit, warmup, as every type does)");
    }

    @Test
    void multistepNeedsIncreasingMilestonesAndOneCycleItsPeak() {
        assertThat(errorOf("schedule.type=multistep")).contains("schedule.milestones: multistep needs milestones");
        assertThat(errorOf("schedule={type: multistep, milestones: [5, 3]}"))
                .isEqualTo("--set schedule.milestones[1]: milestones must increase, got 3 after 5");
        assertThat(errorOf("schedule.type=one_cycle")).contains("schedule.max_lr: one_cycle needs max_lr");
        assertThat(((ScheduleConfig.OneCycle) parse("schedule={type: one_cycle, max_lr: 0.1}").schedule()).minLr())
                .isEqualTo(0.0);
    }

    @Test
    void plateauMonitorsAMetricAndLowersByAFraction() {
        assertThat(errorOf("schedule={type: plateau, monitor: accuracy}"))
                .startsWith("--set schedule.monitor: 'accuracy' is not one of train_loss, train_accuracy, val_loss");
        assertThat(errorOf("schedule={type: plateau, factor: 1.0}"))
                .isEqualTo("--set schedule.factor: must be > 0 and < 1, got 1.0");
    }

    @Test
    void plateauMonitorsAMetricTheRunRecords() {
        assertThat(errorOf("data.validation_split=0", "schedule={type: plateau, monitor: val_loss}"))
                .isEqualTo("--set schedule.monitor: val_loss needs a validation set, but data.validation_split is 0");
        assertThat(errorOf("data.kind=sine", "model.layers[1].units=1", "schedule={type: plateau, monitor: val_accuracy}"))
                .startsWith("--set schedule.monitor: 'val_accuracy' is not one of train_loss, val_loss, val_mae, val_rmse");
        assertThat(((ScheduleConfig.Plateau) parse("data.validation_split=0", "schedule.type=plateau").schedule()).monitor())
                .as("the training loss when there is no validation set").isEqualTo(Metric.TRAIN_LOSS);
    }

    @Test
    void regularizationIsOffByDefault() {
        RegularizationConfig r = parse().regularization();
        assertThat(List.of(r.l1(), r.l2(), r.weightDecay())).containsExactly(0.0, 0.0, 0.0);
        assertThat(r.gradientClip()).isNull();
        assertThat(r.maxNorm()).isNull();
    }

    @Test
    void gradientClipDefaultsToNormOne() {
        RegularizationConfig.GradientClip clip = parse("regularization.gradient_clip={}").regularization().gradientClip();
        assertThat(clip.mode()).isEqualTo(RegularizationConfig.ClipBy.NORM);
        assertThat(clip.value()).isEqualTo(1.0);
        assertThat(errorOf("regularization.gradient_clip={mode: l2}"))
                .isEqualTo("--set regularization.gradient_clip.mode: 'l2' is not one of norm, value");
    }

    @Test
    void weightDecayAndL2AreTwoFormsOfOnePenaltyAndDoNotCombine() {
        assertThat(errorOf("regularization={l2: 0.01, weight_decay: 0.01}"))
                .startsWith("--set regularization.weight_decay: cannot be combined with l2");
        assertThat(errorOf("regularization.max_norm=0")).isEqualTo("--set regularization.max_norm: must be > 0, got 0.0");
    }

    @Test
    void theResolvedSectionsReadBackUnchanged() {
        Experiment e = parse("optimizer={type: nadam}", "schedule={type: multistep, unit: iteration, warmup: 5, milestones: [10, 20]}",
                "regularization={l1: 0.001, weight_decay: 0.01, gradient_clip: {mode: value, value: 0.5}, max_norm: 3}");
        Experiment again = ExperimentFile.fromResolvedYaml(ExperimentFile.toYaml(e), "config.yaml");
        assertThat(again.optimizer()).isEqualTo(e.optimizer());
        assertThat(again.schedule()).isEqualTo(e.schedule());
        assertThat(again.regularization()).isEqualTo(e.regularization());
    }
}
