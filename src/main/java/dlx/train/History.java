package dlx.train;

import java.util.ArrayList;
import java.util.List;

/** The epochs of this process, in order: what summary.json's last and best rows come from. */
public final class History implements TrainingListener {
    private final List<EpochResult> epochs = new ArrayList<>();

    @Override
    public void onEpochEnd(EpochResult result) {
        epochs.add(result);
    }

    public List<EpochResult> epochs() {
        return List.copyOf(epochs);
    }
}
