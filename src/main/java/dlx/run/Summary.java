package dlx.run;

import java.util.Map;

/**
 * summary.json: how the run ended and its numbers.
 *
 * @param last the metrics of the last finished epoch
 * @param best the metrics of the epoch whose weights best.zip holds (by {@code bestMetric})
 * @param test the test split scored with best.zip's weights, when the run reached an epoch's end
 */
public record Summary(String runId, RunStatus status, int epochsCompleted, String bestMetric, Integer bestEpoch,
                      Map<String, Double> last, Map<String, Double> best, Map<String, Double> test,
                      Double secondsPerEpoch) {
    public void writeTo(RunFolder folder) {
        folder.writeJson(RunFolder.SUMMARY, this);
    }
}
