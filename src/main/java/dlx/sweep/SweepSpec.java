package dlx.sweep;

import java.util.List;

/**
 * What a sweep is, as its sweep.yaml keeps it (so {@code --resume} redraws the same trials).
 *
 * @param config    the base experiment file
 * @param params    {@code key=domain}, as given to --param
 * @param strategy  grid | random | halving
 * @param trials    random and halving: how many trials to draw (grid: all combinations)
 * @param parallel  how many trials run at once, each as its own process
 * @param metric    what ranks the trials: a metrics.csv column at the trial's best epoch (val_accuracy …)
 * @param mode      min | max
 * @param seed      draws the random trials
 * @param sets      --set overrides for every trial
 * @param eta       halving: keep the best 1/eta at each rung, give them eta times the epochs
 * @param minEpochs halving: the first rung's epochs (the last rung trains the base config's epochs)
 */
public record SweepSpec(String name, String config, List<String> params, String strategy, int trials, int parallel,
                        String metric, String mode, long seed, List<String> sets, int eta, int minEpochs) {
    public static final List<String> STRATEGIES = List.of("grid", "random", "halving");
}
