package dlx.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Whether output goes to a person at a terminal (progress bars) or to a log, a pipe or CI (plain lines). */
final class Terminal {
    /** The width tables fit when stdout is no terminal: a pipe, a file, CI. */
    static final int PIPE_WIDTH = 120;

    private Terminal() {
    }

    static boolean interactive() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("CI") == null && term != null && !term.equals("dumb");
    }

    /** The terminal's columns (COLUMNS, else stty), or {@link #PIPE_WIDTH} when there is no terminal to ask. */
    static int width() {
        if (System.console() == null) {
            return PIPE_WIDTH;
        }
        Integer columns = positive(System.getenv("COLUMNS"));
        if (columns != null) {
            return columns;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (stty.waitFor(2, TimeUnit.SECONDS)) {
                String[] rowsAndColumns = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                        .trim().split("\\s+");
                columns = rowsAndColumns.length == 2 ? positive(rowsAndColumns[1]) : null;
            } else {
                stty.destroyForcibly();
            }
        } catch (IOException e) {
            // no stty here: the pipe's width will do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return columns != null ? columns : PIPE_WIDTH;
    }

    private static Integer positive(String text) {
        try {
            int value = text == null ? 0 : Integer.parseInt(text.trim());
            return value > 0 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
