package dlx.cli;

import java.util.List;
import sun.misc.Signal;

/** First Ctrl-C (or SIGTERM): stop cleanly, saving what can be resumed. Second: exit at once. */
final class InterruptHandler {
    private static volatile boolean requested;

    private InterruptHandler() {
    }

    static void install(String what, Runnable stop) {
        install(what, stop, () -> { });
    }

    /** @param lastWords what must be recorded before the process quits at once (run.json's status) */
    static void install(String what, Runnable stop, Runnable lastWords) {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (requested) {
                        lastWords.run();
                        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
                    }
                    requested = true;
                    System.err.println("\nstopping " + what + " (Ctrl-C again to quit at once)");
                    stop.run();
                });
            } catch (IllegalArgumentException unsupported) {
                // the JVM reserves this signal here (e.g. under some debuggers): keep its default
            }
        }
    }
}
