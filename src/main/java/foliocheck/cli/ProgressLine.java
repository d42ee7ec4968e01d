package foliocheck.cli;

import foliocheck.engine.Progress;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * How a long check shows that it is alive, on standard error. On a terminal, one line
 * rewritten in place about once a second and erased when the check ends; elsewhere (a CI
 * log, a pipe), a line of its own every {@link #LOG_INTERVAL_MILLIS}, so that a log shows a
 * long run's pace without a line a second. Standard output, the report, gets neither.
 */
final class ProgressLine implements Consumer<Progress> {
    /** Between two progress lines in a log. */
    static final long LOG_INTERVAL_MILLIS = 30_000;

    private final PrintWriter err;
    private final String what;
    private final boolean terminal;
    private long nextLogLine = LOG_INTERVAL_MILLIS;
    private boolean shown;

    /**
     * Whether standard error is a terminal. Java cannot tell by itself (its console is about
     * standard input and output), so the launcher says, in {@code foliocheck.stderr}
     * ({@code tty} or {@code file}); without it, whether Java has a console.
     */
    static boolean stderrIsTerminal() {
        String s = System.getProperty("foliocheck.stderr");
        return s != null ? s.equals("tty") : System.console() != null;
    }

    /** Progress of checking {@code what} (e.g. {@code stress/mainline}). */
    ProgressLine(PrintWriter err, String what, boolean terminal) {
        this.err = err;
        this.what = what;
        this.terminal = terminal;
    }

    @Override
    public void accept(Progress p) {
        show(line(p), p.millis());
    }

    /** Shows {@code text}, how a run {@code millis} old stands: on a terminal now, in a log once an interval. */
    void show(String text, long millis) {
        if (terminal) {
            err.print("\r  " + text + "   ");
            shown = true;
        } else if (millis >= nextLogLine) {
            err.println("foliocheck: " + text);
            nextLogLine = (millis / LOG_INTERVAL_MILLIS + 1) * LOG_INTERVAL_MILLIS;
        } else {
            return;
        }
        err.flush();
    }

    private String line(Progress p) {
        return String.format("%s: %,d states, %,d states/s, queue %,d, depth %d, %ds", what, p.states(),
                p.statesPerSecond(), p.frontier(), p.depth(), p.millis() / 1000);
    }

    /** Erases the terminal line, if one was shown: the check's report follows. */
    void done() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
