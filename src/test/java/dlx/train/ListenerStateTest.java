package dlx.train;

import static org.assertj.core.api.Assertions.assertThat;

import dlx.config.Experiment;
import dlx.config.ExperimentFile;
import dlx.config.Metric;
import dlx.config.Mode;
import dlx.config.ScheduleConfig;
import dlx.config.TrainingConfig;
import dlx.run.Json;
import dlx.run.RunStatus;
import dlx.run.TrainingState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stateful listeners save their own counters in the checkpoint's state and get them back on resume. */
class ListenerStateTest {
    private static final Experiment EXPERIMENT = ExperimentFile.parse("""
            data: {source: synthetic}
            model: {layers: [{type: output, units: 2}]}
            schedule: {type: plateau, patience: 3}
            training: {epochs: 20}
            """, "exp.yaml", false, List.of(), "exp", d -> List.of(2));

    private static EarlyStopping earlyStopping() {
        return new EarlyStopping(new TrainingConfig.EarlyStopping(Metric.VAL_LOSS, Mode.MIN, 2, 0.0));
    }

    private static ReduceLrOnPlateau plateau() {
        return new ReduceLrOnPlateau((ScheduleConfig.Plateau) EXPERIMENT.schedule(), 0.01);
    }

    private static TrainingContext resumedFrom(TrainingState state, List<LoopListener> listeners) {
        TrainingContext context = new TrainingContext(EXPERIMENT, null, state, System::nanoTime);
        context.track(listeners);
        return context;
    }

    private static EpochResult valLoss(int epoch, double value) {
        return new EpochResult(epoch, epoch * 10, 0.01, Map.of(Metric.VAL_LOSS, value), 1.0, 100.0);
    }

    @Test
    void aCheckpointOfAnEarlierDlxResumesWithItsFlatCounts() throws Exception {
        TrainingState legacy = Json.MAPPER.readValue("""
                {"epochs_completed": 3, "iteration": 18, "best_epoch": 1, "best_value": 0.4,
                 "epochs_without_improvement": 1, "monitor_best": 0.5, "monitor_best_epoch": 2,
                 "plateau_best": 1.27, "plateau_waited": 2}
                """, TrainingState.class);
        assertThat(legacy.epochsCompleted()).isEqualTo(3);
        assertThat(legacy.bestValue()).isEqualTo(0.4);
        EarlyStopping stopping = earlyStopping();
        ReduceLrOnPlateau plateau = plateau();
        TrainingContext context = resumedFrom(legacy, List.of(stopping, plateau));
        assertThat(stopping.state()).isEqualTo(new EarlyStopping.Counts(1, 0.5, 2));
        assertThat(plateau.state()).isEqualTo(new ReduceLrOnPlateau.Counts(1.27, 2));

        stopping.onTrainBegin(context);
        stopping.onEpochEnd(valLoss(4, 0.6));
        assertThat(context.stopRequest().status()).as("second epoch without improvement, patience 2")
                .isEqualTo(RunStatus.STOPPED_EARLY);
        assertThat(context.state().listeners()).containsOnlyKeys("early_stopping", "plateau");
    }

    @Test
    void eachListenersCountsRoundTripThroughTheCheckpointUnderItsOwnName() throws Exception {
        EarlyStopping stopping = earlyStopping();
        TrainingContext context = resumedFrom(TrainingState.START, List.of(stopping));
        stopping.onTrainBegin(context);
        stopping.onEpochEnd(valLoss(1, 0.5));
        stopping.onEpochEnd(valLoss(2, 0.7));

        String json = Json.MAPPER.writeValueAsString(context.state());
        assertThat(Json.MAPPER.readTree(json).get("listeners").get("early_stopping").get("monitor_best").asDouble())
                .isEqualTo(0.5);
        assertThat(json).doesNotContain("legacy");
        TrainingState saved = Json.MAPPER.readValue(json, TrainingState.class);
        EarlyStopping resumed = earlyStopping();
        resumedFrom(saved, List.of(resumed));
        assertThat(resumed.state()).isEqualTo(new EarlyStopping.Counts(1, 0.5, 1));
    }

    @Test
    void aListenerTheResumedRunLacksKeepsWhatItSaved() throws Exception {
        EarlyStopping stopping = earlyStopping();
        TrainingContext first = resumedFrom(TrainingState.START, List.of(stopping));
        stopping.onTrainBegin(first);
        stopping.onEpochEnd(valLoss(1, 0.5));
        TrainingState saved = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(first.state()), TrainingState.class);

        TrainingContext withoutIt = resumedFrom(saved, List.of());
        EarlyStopping back = earlyStopping();
        resumedFrom(withoutIt.state(), List.of(back));
        assertThat(back.state()).isEqualTo(new EarlyStopping.Counts(0, 0.5, 1));
    }

    @Test
    void aFreshRunStartsEveryCountAtZero() {
        EarlyStopping stopping = earlyStopping();
        resumedFrom(TrainingState.START, List.of(stopping));
        assertThat(stopping.state()).isEqualTo(new EarlyStopping.Counts(0, null, 0));
    }
}
