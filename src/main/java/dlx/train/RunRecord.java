package dlx.train;

import dlx.run.RunFolder;
import dlx.run.RunInfo;

/** Keeps run.json's progress (epochs done, best epoch) current, so a crashed run still says how far it got. */
public final class RunRecord implements LoopListener {
    private final RunFolder folder;
    private RunInfo info;
    private TrainingContext context;

    public RunRecord(RunFolder folder, RunInfo info) {
        this.folder = folder;
        this.info = info;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochEnd(EpochResult result) {
        info = info.withProgress(result.epoch(), context.bestEpoch() == 0 ? null : context.bestEpoch());
        info.writeTo(folder);
    }

    public RunInfo info() {
        return info;
    }
}
