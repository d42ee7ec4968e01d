package foliocheck.cli;

import foliocheck.engine.Checker;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The limits that end a check with the incomplete verdict; shared by check and compare. */
final class LimitOptions {
    @Option(names = "--max-states", paramLabel = "N",
            description = "stop each check, incomplete, after N distinct states")
    Long maxStates;

    @Option(names = "--time-limit", paramLabel = "T",
            description = "stop each check, incomplete, after T (e.g. 90s, 5m)")
    String timeLimit;

    private Duration time;

    /** Checks the values given; an IllegalArgumentException says what is wrong, in one line. */
    void validate() {
        time = timeLimit == null ? null : CheckCommand.parseDuration(timeLimit);
        if (maxStates != null && maxStates < 1) {
            throw new IllegalArgumentException("--max-states must be positive");
        }
    }

    /** {@code c} with the limits given (after {@link #validate}). */
    <S> Checker<S> applyTo(Checker<S> c) {
        if (maxStates != null) {
            c.maxStates(maxStates);
        }
        if (time != null) {
            c.timeLimit(time);
        }
        return c;
    }
}
