package dlx.cli;

/** Whether output goes to a person at a terminal (progress bars) or to a log, a pipe or CI (plain lines). */
final class Terminal {
    private Terminal() {
    }

    static boolean interactive() {
        String term = System.getenv("TERM");
        return System.console() != null && System.getenv("CI") == null && term != null && !term.equals("dumb");
    }
}
