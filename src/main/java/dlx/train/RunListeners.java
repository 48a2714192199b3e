package dlx.train;

import dlx.config.Experiment;
import dlx.config.ScheduleConfig;
import dlx.data.LoadedData;
import dlx.run.RunFolder;
import dlx.run.RunInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The listeners of one {@code dlx train}, assembled in one place: a new listener is added here, in the order the
 * loop calls them (the divergence guard first, so a diverged epoch writes nothing; the display last).
 *
 * @param all     every listener, in that order
 * @param metrics metrics.csv, whose rows make the summary
 * @param record  run.json's progress, which the end of the run goes on from
 */
record RunListeners(List<LoopListener> all, MetricsCsv metrics, RunRecord record) {
    /**
     * @param console     progress and messages for the user
     * @param interactive whether console is a terminal (progress bars) or a log (plain lines)
     */
    static RunListeners of(Experiment experiment, LoadedData data, RunFolder folder, RunInfo info, PrintWriter console,
                           boolean interactive) {
        MetricsCsv metrics = new MetricsCsv(folder);
        RunRecord record = new RunRecord(folder, info);
        List<LoopListener> all = new ArrayList<>();
        all.add(new DivergenceGuard(folder.checkpoints().resolve(RunFolder.LAST),
                DivergenceGuard.Clip.of(experiment, data.train().rows(), data.train().labelSteps())));
        all.add(metrics);
        all.add(new StepMetricsCsv(folder, experiment.training().logEvery()));
        if (experiment.training().record() != null) {
            all.add(new LayerStatistics(folder, experiment.training().record().every(), experiment.model().layers()));
        }
        if (experiment.training().earlyStopping() != null) {
            all.add(new EarlyStopping(experiment.training().earlyStopping()));
        }
        if (experiment.schedule() instanceof ScheduleConfig.Plateau plateau) {
            all.add(new ReduceLrOnPlateau(plateau, experiment.optimizer().lr()));
        }
        all.add(new Checkpointing(folder, experiment.training().checkpoint().keepLast(), info, data.preprocessing()));
        all.add(record);
        all.add(new ProgressDisplay(console, interactive));
        return new RunListeners(List.copyOf(all), metrics, record);
    }
}
