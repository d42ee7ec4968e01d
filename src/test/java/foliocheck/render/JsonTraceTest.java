package foliocheck.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTraceTest {

    @Test
    void roundTripIsExact() throws TraceFormatException {
        for (TraceReport r : List.of(Samples.pinTruncate(), Samples.truncateWaits(), Samples.sixThreads(),
                Samples.noSteps())) {
            String json = JsonTrace.write(r);
            assertEquals(r, JsonTrace.read(json));
            assertEquals(json, JsonTrace.write(JsonTrace.read(json)));
        }
    }

    @Test
    void pinTruncateMatchesGolden() {
        Golden.assertMatches("render-pin-truncate.json", JsonTrace.write(Samples.pinTruncate()));
    }

    @Test
    void scheduleNamesThreadsAndKeepsChoicesForReplay() {
        String json = JsonTrace.write(Samples.pinTruncate());
        assertTrue(json.startsWith("{\n  \"format\": \"foliocheck-trace\",\n  \"version\": 1,\n"), json);
        assertTrue(json.contains("{\n      \"thread\": \"gup\",\n      \"label\": \"pin_user_pages_fast\",\n"
                + "      \"choice\": 1\n    }"), json);
        assertTrue(json.contains("\"folio0.refcount 1→1025\""), "arrows stay readable: " + json);
        assertTrue(json.endsWith("}\n"));
    }

    static Stream<Arguments> malformed() {
        String good = JsonTrace.write(Samples.pinTruncate());
        return Stream.of(
                Arguments.of("", "not JSON: the input is empty"),
                Arguments.of("hello", "not JSON: "),
                Arguments.of("{\"format\": \"foliocheck-trace\",", "not JSON: "),
                Arguments.of(good + "{}", "not JSON: more data after the end of the trace at line "),
                Arguments.of("[1, 2]", "not a foliocheck trace: expected a JSON object, found an array"),
                Arguments.of("{\"name\": \"x\"}", "not a foliocheck trace: no \"format\": \"foliocheck-trace\" field"),
                Arguments.of(good.replace("\"foliocheck-trace\"", "\"lincheck\""),
                        "not a foliocheck trace: \"format\" is \"lincheck\", expected \"foliocheck-trace\""),
                Arguments.of(good.replace("\"version\": 1", "\"version\": 2"),
                        "unsupported trace version 2; this foliocheck reads version 1"),
                Arguments.of(good.replace("\"version\": 1", "\"version\": \"1\""),
                        "field \"version\" must be a non-negative integer, found \"1\""),
                Arguments.of(good.replace("\"design\": \"pre-busy-wait\",", ""), "missing field \"design\""),
                Arguments.of(good.replace("\"design\": \"pre-busy-wait\"", "\"design\": 7"),
                        "field \"design\" must be a string, found a number"),
                Arguments.of(good.replace("\"kind\": \"violation\"", "\"kind\": \"bug\""),
                        "invalid trace: kind is \"bug\", expected \"violation\" or \"witness\""),
                Arguments.of(good.replace("\"thread\": \"truncate\"", "\"thread\": \"foo\""),
                        "step 3 names unknown thread \"foo\" (threads: fault, gup, truncate)"),
                Arguments.of(good.replace("\"thread\": \"truncate\"", "\"thread\": \"trun\\ncate\""),
                        "step 3 names unknown thread \"trun\\ncate\" (threads: fault, gup, truncate)"),
                Arguments.of(good.replace("\"choice\": 2", "\"choice\": -2"),
                        "step 3: field \"choice\" must be a non-negative integer, found -2"),
                Arguments.of(good.replace("\"choice\": 2", "\"choice\": 2.5"),
                        "step 3: field \"choice\" must be a non-negative integer, found 2.5"),
                Arguments.of(good.replace("\"label\": \"pin_user_pages_fast\",", ""),
                        "step 2: missing field \"label\""),
                Arguments.of(good.replace("\"label\": \"pin_user_pages_fast\"", "\"label\": \" \""),
                        "step 2: label is blank"),
                Arguments.of(good.replace("\"marked\": true", "\"marked\": \"yes\""),
                        "step 5: field \"marked\" must be true or false, found \"yes\""),
                Arguments.of(good.replace("\"step\": 4", "\"step\": 7"), "entry 4 of \"rows\" says it is step 7"),
                Arguments.of(good.replace("\"folio0.refcount 1→1025\"", "null"),
                        "step 2: field \"changes\" must be an array of strings, but entry 1 is null"),
                Arguments.of(good.replace("\"threads\": [", "\"threads\": [\"gup\","),
                        "invalid trace: thread name \"gup\" appears twice"),
                Arguments.of(good.replace("\"schedule\": [", "\"schedule\": [{\"thread\": \"gup\", \"label\": "
                        + "\"x\", \"choice\": 0},"), "\"rows\" has 5 entries but \"schedule\" has 6 steps"),
                Arguments.of(good.replace("\"rows\": [", "\"rows\": 3, \"old\": ["),
                        "field \"rows\" must be an array, found a number"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedTraceGivesOneClearLine(String json, String expected) {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> JsonTrace.read(json));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        if (expected.endsWith(" ")) {
            assertTrue(message.startsWith(expected), message);
        } else {
            assertEquals(expected, message);
        }
    }

    @Test
    void syntaxErrorSaysWhere() {
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> JsonTrace.read("{\"format\": \"foliocheck-trace\",\n \"version\": 1,,}"));
        assertTrue(e.getMessage().startsWith("not JSON: ") && e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void unknownFieldsAreIgnored() throws TraceFormatException {
        String json = JsonTrace.write(Samples.pinTruncate()).replace("\"version\": 1,",
                "\"version\": 1,\n  \"generatedBy\": \"a newer foliocheck\",");
        assertEquals(Samples.pinTruncate(), JsonTrace.read(json));
    }
}
