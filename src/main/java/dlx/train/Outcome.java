package dlx.train;

import dlx.run.RunStatus;

/**
 * How a training ended.
 *
 * @param status  completed, stopped-early, diverged or interrupted
 * @param message one line for the user, or null
 */
public record Outcome(RunStatus status, String message) {
}
