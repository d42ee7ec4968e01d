package foliocheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import foliocheck.engine.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A long check's progress: rewritten in place on a terminal, a line every 30 s in a log. */
class ProgressLineTest {
    private static Progress at(long seconds, long states) {
        return new Progress(states, 3 * states, states / 10, (int) seconds, seconds * 1000);
    }

    @Test
    void aLogGetsALineEveryThirtySecondsOfSearch() {
        StringWriter s = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(s), "stress-4/mainline", false);
        for (long sec = 1; sec <= 29; sec++) {
            p.accept(at(sec, sec * 400_000));
        }
        assertEquals("", s.toString(), "nothing before 30 s");
        p.accept(at(30, 12_000_000));
        p.accept(at(31, 12_400_000));
        // A snapshot can come late (a slow level): the next line is still due at 60 s, not 30 s after it.
        p.accept(at(65, 26_000_000));
        p.accept(at(89, 35_600_000));
        p.done();
        assertEquals(String.join(System.lineSeparator(),
                "foliocheck: stress-4/mainline: 12,000,000 states, 400,000 states/s, queue 1,200,000, depth 30, 30s",
                "foliocheck: stress-4/mainline: 26,000,000 states, 400,000 states/s, queue 2,600,000, depth 65, 65s",
                ""), s.toString());
    }

    @Test
    void aTerminalLineIsRewrittenInPlaceAndErasedAtTheEnd() {
        StringWriter s = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(s), "stress/mainline", true);
        p.accept(at(1, 500_000));
        p.accept(at(2, 900_000));
        p.done();
        assertEquals("\r  stress/mainline: 500,000 states, 500,000 states/s, queue 50,000, depth 1, 1s   "
                + "\r  stress/mainline: 900,000 states, 450,000 states/s, queue 90,000, depth 2, 2s   "
                + "\r\033[K", s.toString());
    }

    @Test
    void aCheckTooShortForAnyLineLeavesNothingBehind() {
        StringWriter s = new StringWriter();
        new ProgressLine(new PrintWriter(s), "pin-kill/mainline", false).done();
        new ProgressLine(new PrintWriter(s), "pin-kill/mainline", true).done();
        assertEquals("", s.toString());
    }
}
