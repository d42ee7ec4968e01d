package foliocheck.render;

import foliocheck.render.TraceReport.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextTraceTest {

    @Test
    void pinTruncateViolationMatchesGolden() {
        Golden.assertMatches("render-pin-truncate.txt", TextTrace.render(Samples.pinTruncate()));
    }

    @Test
    void witnessMatchesGolden() {
        Golden.assertMatches("render-truncate-waits.txt", TextTrace.render(Samples.truncateWaits()));
    }

    @Test
    void sixThreadsMatchesGolden() {
        Golden.assertMatches("render-six-threads.txt", TextTrace.render(Samples.sixThreads()));
    }

    @Test
    void traceWithoutStepsSaysSo() {
        String text = TextTrace.render(Samples.noSteps());
        assertTrue(text.contains("(no steps: the initial state already breaks the property)"), text);
        assertFrame(text);
    }

    @Test
    void everyLineFitsWidthWithSamples() {
        for (TraceReport r : List.of(Samples.pinTruncate(), Samples.truncateWaits(), Samples.sixThreads(),
                Samples.noSteps())) {
            assertFrame(TextTrace.render(r));
        }
    }

    @Test
    void everyLineFitsWidthForTwoToEightThreadsWithLongNamesLabelsAndChanges() {
        for (int n = 1; n <= 8; n++) {
            for (int nameLength : new int[] {1, 8, 12, 20}) {
                for (int labelLength : new int[] {5, 30, 45}) {
                    assertFrame(TextTrace.render(synthetic(n, nameLength, labelLength)));
                }
            }
        }
    }

    @Test
    void absurdlyManyThreadsStillFit() {
        assertFrame(TextTrace.render(synthetic(60, 8, 30)));
    }

    @Test
    void labelSitsInItsThreadsColumnAndChangesAreIndentedUnderIt() {
        String[] lines = TextTrace.render(Samples.pinTruncate()).split("\n");
        String header = line(lines, "#  fault");
        int gup = header.indexOf("gup");
        int truncate = header.indexOf("truncate");
        String pin = line(lines, "pin_user_pages_fast");
        assertEquals(gup, pin.indexOf("pin_user_pages_fast"));
        String busy = line(lines, "dax_layout_busy_page_range");
        assertEquals(truncate, busy.indexOf("dax_layout_busy_page_range"));
        assertEquals(gup + 2, line(lines, "folio0.refcount 1→1025").indexOf("folio0"));
    }

    @Test
    void violatingRowIsMarkedAndFooterNamesPropertyDetailAndCommand() {
        String text = TextTrace.render(Samples.pinTruncate());
        assertTrue(text.contains("\n>> 5  "), text);
        assertEquals(1, text.split(">>", -1).length - 1, text);
        assertTrue(text.startsWith("foliocheck: no-free-while-busy violated in design pre-busy-wait, "
                + "scenario pin-truncate\n"), text);
        assertTrue(text.contains("\nviolated: no-free-while-busy — a filesystem block is never freed"), text);
        assertTrue(text.contains("\n  block0 is free while folio0.refcount = 1024"), text);
        assertTrue(text.endsWith("\nreproduce: ./foliocheck check pin-truncate --design pre-busy-wait "
                + "--property no-free-while-busy\n"), text);
    }

    @Test
    void witnessSaysReached() {
        String text = TextTrace.render(Samples.truncateWaits());
        assertTrue(text.startsWith("foliocheck: truncate-waited witness reached in design mainline"), text);
        assertTrue(text.contains("\nreached: truncate-waited — "), text);
    }

    @Test
    void longCommandIsSplitWithShellContinuations() {
        String text = TextTrace.render(Samples.sixThreads());
        String tail = text.substring(text.indexOf("reproduce: "));
        assertTrue(tail.contains(" \\\n    "), tail);
        String joined = tail.substring("reproduce: ".length()).replace(" \\\n    ", " ").strip();
        assertEquals(Samples.sixThreads().command(), joined);
    }

    /** At most WIDTH columns, no trailing spaces, no tabs or CRs, ends with exactly one newline. */
    static void assertFrame(String text) {
        assertTrue(text.endsWith("\n"), "ends with a newline");
        assertFalse(text.endsWith("\n\n"), "ends with one newline");
        assertFalse(text.contains("\r") || text.contains("\t"), "LF only, no tabs");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int width = line.codePointCount(0, line.length());
            assertTrue(width <= TextTrace.WIDTH, "line " + (i + 1) + " is " + width + " columns:\n" + line
                    + "\nin\n" + text);
            assertEquals(line.stripTrailing(), line, "line " + (i + 1) + " has trailing spaces\n" + text);
        }
    }

    private static String line(String[] lines, String containing) {
        for (String line : lines) {
            if (line.contains(containing)) {
                return line;
            }
        }
        throw new AssertionError("no line contains " + containing);
    }

    private static TraceReport synthetic(int threads, int nameLength, int labelLength) {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            names.add((t + "-" + "n".repeat(nameLength)).substring(0, Math.max(1, nameLength)));
        }
        if (nameLength == 1) {
            names = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                names.add(String.valueOf((char) ('a' + t)));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3 * threads + 7; i++) {
            int t = (i * 5 + 3) % threads;
            List<String> changes = new ArrayList<>();
            for (int c = 0; c < i % 6; c++) {
                changes.add("folio" + c + ".refcount " + (c * 1024 + 1) + "→" + (c * 1024 + 1025));
            }
            rows.add(new Row(t, ("step_" + i + "_" + "x".repeat(labelLength)).substring(0, labelLength), i,
                    changes, i == 3 * threads + 6));
        }
        return new TraceReport("s", "d", TraceReport.VIOLATION, "p", "doc " + "word ".repeat(40),
                "detail " + "value ".repeat(30), names, List.of("x".repeat(150), "initial " + "y ".repeat(70)),
                rows, "./foliocheck check s --design d --property p " + "--flag ".repeat(20));
    }
}
