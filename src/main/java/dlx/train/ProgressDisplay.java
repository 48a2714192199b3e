package dlx.train;

import dlx.config.Metric;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What the user watches. On a terminal: a progress bar per epoch (loss, samples/s, ETA) and a
 * summary line when the epoch ends. Elsewhere (CI, a pipe, a file): the summary lines only, with no
 * control characters.
 */
public final class ProgressDisplay implements LoopListener {
    private final PrintWriter out;
    private final boolean interactive;
    private TrainingContext context;
    private ProgressBar bar;

    public ProgressDisplay(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        this.context = context;
    }

    @Override
    public void onEpochBegin(int epoch, int batches) {
        if (interactive) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format("epoch %d/%d", epoch, context.totalEpochs()))
                    .setInitialMax(batches)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new Redrawn(out))
                    .setUpdateIntervalMillis(250)
                    .build();
        }
    }

    @Override
    public void onIteration(int iteration, int epoch, double loss, double lr) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f %,.0f/s", loss, context.samplesPerSecond()));
        }
    }

    @Override
    public void onEpochEnd(EpochResult r) {
        closeBar();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", r.epoch(), context.totalEpochs()));
        for (Map.Entry<Metric, Double> metric : r.metrics().entrySet()) {
            line.append(String.format(Locale.ROOT, "  %s %.4f", metric.getKey(), metric.getValue()));
        }
        line.append(String.format(Locale.ROOT, "  lr %.3g  %.1fs  %,.0f samples/s", r.lr(), r.seconds(), r.samplesPerSecond()));
        out.println(line);
    }

    @Override
    public void onTrainEnd(Outcome outcome) {
        closeBar();
        if (outcome.message() != null) {
            out.println(outcome.message());
        }
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** The bar redrawn over itself on one line of the command's stderr writer, as the library's console consumer does. */
    private static final class Redrawn extends DelegatingProgressBarConsumer {
        private final PrintWriter out;

        Redrawn(PrintWriter out) {
            super(rendered -> {
                out.print("\r" + rendered);
                out.flush();
            });
            this.out = out;
        }

        @Override
        public void close() {
            out.println();
        }
    }
}
