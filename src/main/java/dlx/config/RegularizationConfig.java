package dlx.config;

/**
 * Penalties on the weights.
 *
 * @param l2 coupled L2: adds l2/2 · ||w||² to the loss (so l2 · w to each weight's gradient); 0 turns it off
 */
public record RegularizationConfig(Double l2) {
    RegularizationConfig resolve(String at) {
        return new RegularizationConfig(Require.nonNegative(at + ".l2", l2 == null ? 0.0 : l2));
    }
}
