package foliocheck.render;

import foliocheck.render.TraceReport.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TraceReportTest {

    private static final List<Row> ROWS = List.of(new Row(1, "pin_user_pages_fast", 0, List.of(), true));

    @Test
    void threadIndexOutOfRangeNamesTheStep() {
        List<Row> rows = List.of(new Row(0, "a", 0, List.of(), false), new Row(2, "b", 0, List.of(), true));
        assertEquals("step 2 has thread index 2, but there are 2 threads (0..1)",
                invalid(() -> report(List.of("fault", "gup"), rows)));
    }

    @Test
    void nullsAndBlanksAreNamed() {
        assertEquals("design is null", invalid(() -> new TraceReport("s", null, "violation", "p", "", "",
                List.of("t"), List.of(), List.of(), "c")));
        assertEquals("scenario is blank", invalid(() -> new TraceReport(" ", "d", "violation", "p", "", "",
                List.of("t"), List.of(), List.of(), "c")));
        assertEquals("rows is null", invalid(() -> report(List.of("t"), null)));
        assertEquals("threads is empty", invalid(() -> report(List.of(), List.of())));
        assertEquals("initial[1] is null", invalid(() -> new TraceReport("s", "d", "violation", "p", "", "",
                List.of("t"), Arrays.asList("a", null), List.of(), "c")));
        assertEquals("step 1 is null", invalid(() -> report(List.of("t"), Arrays.asList((Row) null))));
        assertEquals("label is blank", invalid(() -> new Row(0, "", 0, List.of(), false)));
        assertEquals("choice is negative: -1", invalid(() -> new Row(0, "f", -1, List.of(), false)));
        assertEquals("changes[0] is null", invalid(() -> new Row(0, "f", 0, Arrays.asList((String) null), false)));
    }

    @Test
    void threadNamesAreDistinct() {
        assertEquals("thread name \"gup\" appears twice", invalid(() -> report(List.of("gup", "gup"), ROWS)));
    }

    @Test
    void kindIsViolationOrWitness() {
        assertEquals("kind is \"bug\", expected \"violation\" or \"witness\"", invalid(() ->
                new TraceReport("s", "d", "bug", "p", "", "", List.of("t"), List.of(), List.of(), "c")));
    }

    @Test
    void lineBreaksAreRejected() {
        assertEquals("detail contains a control character (line break or tab) at index 3: \"abc\"...",
                invalid(() -> new TraceReport("s", "d", "violation", "p", "", "abc\ndef", List.of("t"),
                        List.of(), List.of(), "c")));
    }

    @Test
    void listsAreCopied() {
        List<String> threads = new ArrayList<>(List.of("fault", "gup"));
        TraceReport r = report(threads, ROWS);
        threads.add("truncate");
        assertEquals(List.of("fault", "gup"), r.threads());
    }

    private static TraceReport report(List<String> threads, List<Row> rows) {
        return new TraceReport("s", "d", TraceReport.VIOLATION, "p", "", "", threads, List.of(), rows, "c");
    }

    private static String invalid(Runnable construct) {
        return assertThrows(IllegalArgumentException.class, construct::run).getMessage();
    }
}
