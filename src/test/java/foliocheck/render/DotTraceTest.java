package foliocheck.render;

import foliocheck.render.TraceReport.Row;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DOT text, asserted as text; drawing it is {@link DotImageTest}. */
class DotTraceTest {

    @Test
    void pinTruncateMatchesGolden() {
        Golden.assertMatches("render-pin-truncate.dot", DotTrace.dot(Samples.pinTruncate()));
    }

    @Test
    void witnessMatchesGolden() {
        Golden.assertMatches("render-truncate-waits.dot", DotTrace.dot(Samples.truncateWaits()));
    }

    @Test
    void oneNodePerStepInItsThreadsLane() {
        TraceReport r = Samples.truncateWaits();
        String dot = DotTrace.dot(r);
        for (int i = 0; i < r.rows().size(); i++) {
            Row row = r.rows().get(i);
            String lane = section(dot, "subgraph \"cluster_lane" + row.thread() + "\"");
            assertEquals(1, count(dot, "\n\"s" + (i + 1) + "\" ["), "step " + (i + 1) + " declared once");
            assertTrue(lane.contains("\n\"s" + (i + 1) + "\" [\"group\"=\"lane" + row.thread() + "\","
                    + "\"label\"=<<b>#" + (i + 1) + " " + row.label() + "</b>"), lane);
        }
        assertFalse(dot.contains("\"s" + (r.rows().size() + 1) + "\""));
        assertTrue(dot.contains("truncate: sleeping→woken<br align=\"left\"/>"), dot);
    }

    @Test
    void lanesAreClustersInThreadOrderTiedByHeaderRow() {
        String dot = DotTrace.dot(Samples.pinTruncate());
        int fault = dot.indexOf("subgraph \"cluster_lane0\"");
        int gup = dot.indexOf("subgraph \"cluster_lane1\"");
        int truncate = dot.indexOf("subgraph \"cluster_lane2\"");
        assertTrue(0 < fault && fault < gup && gup < truncate, dot);
        assertTrue(dot.contains("\"newrank\"=\"true\""), dot);
        assertTrue(section(dot, "subgraph \"headers\"").contains("\"rank\"=\"same\""), dot);
        assertTrue(dot.contains("\"lane0_top\" -> \"lane1_top\" [\"style\"=\"invis\"]"), dot);
        assertTrue(dot.contains("\"lane1_top\" -> \"lane2_top\" [\"style\"=\"invis\"]"), dot);
    }

    @Test
    void programOrderIsSolidAndThreadSwitchesAreDashed() {
        String dot = DotTrace.dot(Samples.truncateWaits());
        // gup: #2 then #5; truncate: #3, #4, #6.
        assertTrue(dot.contains("\"s2\" -> \"s5\" [\"weight\"=\"10\"]"), dot);
        assertTrue(dot.contains("\"s3\" -> \"s4\" [\"weight\"=\"10\"]"), dot);
        assertTrue(dot.contains("\"s4\" -> \"s6\" [\"weight\"=\"10\"]"), dot);
        for (String edge : List.of("\"s1\" -> \"s2\"", "\"s2\" -> \"s3\"", "\"s4\" -> \"s5\"", "\"s5\" -> \"s6\"")) {
            assertTrue(dot.contains(edge + " [\"style\"=\"dashed\""), edge + " in\n" + dot);
        }
        assertFalse(dot.contains("\"s3\" -> \"s4\" [\"style\"=\"dashed\""), dot);
    }

    @Test
    void markedStepIsRedAndBold() {
        String dot = DotTrace.dot(Samples.pinTruncate());
        String s5 = line(dot, "\"s5\" [");
        assertTrue(s5.contains("\"color\"=\"#d00000\"") && s5.contains("\"fillcolor\"=\"#ffd6d6\"")
                && s5.contains("\"penwidth\"=\"2.5\"") && s5.contains("bold"), s5);
        assertFalse(line(dot, "\"s4\" [").contains("#d00000"), dot);
        assertTrue(line(DotTrace.dot(Samples.truncateWaits()), "\"s6\" [").contains("\"color\"=\"#007a00\""));
    }

    @Test
    void legendHasPropertyDocDetailAndCommand() {
        String legend = line(DotTrace.dot(Samples.pinTruncate()), "\"legend\" [");
        assertTrue(legend.contains("<b>violated: no-free-while-busy</b>"), legend);
        assertTrue(legend.contains("a filesystem block is never freed while a page of it is pinned for DMA"), legend);
        assertTrue(legend.contains("block0 is free while folio0.refcount = 1024"), legend);
        assertTrue(legend.contains("./foliocheck check pin-truncate --design pre-busy-wait --property"), legend);
        assertTrue(DotTrace.dot(Samples.pinTruncate()).contains("\"s5\" -> \"legend\" [\"style\"=\"invis\"]"));
    }

    @Test
    void labelsAreEscaped() {
        TraceReport r = new TraceReport("s<1>", "d&d", TraceReport.VIOLATION, "p\"q", "doc <b>not bold</b>",
                "a\\lb", List.of("t<0>"), List.of("x & y"),
                List.of(new Row(0, "f<int>", 0, List.of("a\"b", "c]d"), true)), "./foliocheck check 's'");
        String dot = DotTrace.dot(r);
        assertTrue(dot.contains("&lt;b&gt;not bold&lt;/b&gt;"), dot);
        assertTrue(dot.contains("#1 f&lt;int&gt;"), dot);
        assertTrue(dot.contains("a&quot;b"), dot);
        assertTrue(dot.contains("p&quot;q violated in design d&amp;d, scenario s&lt;1&gt;"), dot);
        assertTrue(dot.contains("<b>t&lt;0&gt;</b>"), dot);
        assertTrue(dot.contains("x &amp; y"), dot);
        assertTrue(dot.contains("&#39;s&#39;"), dot);
        // Inside an HTML-like label a backslash is just a character.
        assertTrue(dot.contains("a\\lb"), dot);
    }

    @Test
    void traceWithoutStepsStillHasLanesAndLegend() {
        String dot = DotTrace.dot(Samples.noSteps());
        assertTrue(dot.contains("cluster_lane0"), dot);
        assertTrue(dot.contains("\"lane0_top\" -> \"legend\" [\"style\"=\"invis\"]"), dot);
    }

    /** Six swimlanes, every kind of edge: pinned, so that an order that varies from run to run shows. */
    @Test
    void sixThreadsMatchTheGoldenFile() {
        Golden.assertMatches("render-six-threads.dot", DotTrace.dot(Samples.sixThreads()));
    }

    private static String section(String dot, String start) {
        int from = dot.indexOf(start);
        assertTrue(from >= 0, start + " in\n" + dot);
        return dot.substring(from, dot.indexOf("\n}", from));
    }

    private static String line(String text, String start) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(start) + ".*$").matcher(text);
        assertTrue(m.find(), start + " in\n" + text);
        return m.group();
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
