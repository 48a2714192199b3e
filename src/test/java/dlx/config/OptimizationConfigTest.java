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
    void adadeltaHasNoLearningRate() {
        OptimizerConfig adadelta = parse("optimizer={type: adadelta}").optimizer();
        assertThat(adadelta.lr()).isNull();
        assertThat(adadelta.rho()).isEqualTo(0.95);
        assertThat(adadelta.epsilon()).isEqualTo(1e-6);
        assertThat(errorOf("optimizer={type: adadelta, lr: 0.1}"))
                .startsWith("--set optimizer.lr: not used by adadelta: it has no learning rate");
    }

    @Test
    void adadeltaRefusesAScheduleAsItRefusesLr() {
        assertThat(errorOf("optimizer={type: adadelta}", "schedule={type: cosine}")).isEqualTo("--set schedule.type:"
                + " cosine is not used by adadelta: it has no learning rate to schedule; use constant or pick another"
                + " optimizer.type");
        assertThat(errorOf("optimizer={type: adadelta}", "schedule={warmup: 3}")).isEqualTo("--set schedule.warmup:"
                + " 3 is not used by adadelta: it has no learning rate to warm up; use 0 or pick another optimizer.type");
        assertThat(parse("optimizer={type: adadelta}", "schedule={type: constant, warmup: 0}").schedule().type())
                .isEqualTo("constant");
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
        ScheduleConfig constant = parse().schedule();
        assertThat(constant.type()).isEqualTo("constant");
        assertThat(constant.warmup()).isZero();
        assertThat(constant.gamma()).isNull();

        ScheduleConfig plateau = parse("schedule.type=plateau").schedule();
        assertThat(List.of(plateau.monitor(), plateau.factor(), plateau.patience(), plateau.minLr()))
                .containsExactly("val_loss", 0.1, 10, 0.0);
        ScheduleConfig poly = parse("schedule.type=poly").schedule();
        assertThat(List.of(poly.power(), poly.minLr())).containsExactly(1.0, 0.0);
        ScheduleConfig inverse = parse("schedule.type=inverse").schedule();
        assertThat(List.of(inverse.gamma(), inverse.power())).containsExactly(0.1, 1.0);
        assertThat(parse("schedule={type: inverse, gamma: 3}").schedule().gamma()).as("a rate, any size").isEqualTo(3.0);
        assertThat(errorOf("schedule={type: step, gamma: 3}")).isEqualTo("--set schedule.gamma: must be > 0 and <= 1, got 3.0");
        assertThat(parse("schedule={type: multistep, milestones: [3, 6]}").schedule().gamma()).isEqualTo(0.1);
        assertThat(parse("schedule.type=cosine").schedule().minLr()).isEqualTo(0.0);
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
                .isEqualTo("--set schedule.min_lr: not used by constant (it takes no options)");
    }

    @Test
    void multistepNeedsIncreasingMilestonesAndOneCycleItsPeak() {
        assertThat(errorOf("schedule.type=multistep")).contains("schedule.milestones: multistep needs milestones");
        assertThat(errorOf("schedule={type: multistep, milestones: [5, 3]}"))
                .isEqualTo("--set schedule.milestones[1]: milestones must increase, got 3 after 5");
        assertThat(errorOf("schedule.type=one_cycle")).contains("schedule.max_lr: one_cycle needs max_lr");
        assertThat(parse("schedule={type: one_cycle, max_lr: 0.1}").schedule().minLr()).isEqualTo(0.0);
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
        assertThat(parse("data.validation_split=0", "schedule.type=plateau").schedule().monitor())
                .as("as early stopping: the training loss when there is no validation set").isEqualTo("train_loss");
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
        assertThat(clip.mode()).isEqualTo("norm");
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
