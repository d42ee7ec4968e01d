package foliocheck.render;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace as JSON, for {@code foliocheck replay} and {@code foliocheck render}: the report's
 * fields, a {@code "schedule"} with the exact steps to replay (thread name, label, choice)
 * and the {@code "rows"} with each step's changes for rendering.
 *
 * <pre>
 * {
 *   "format": "foliocheck-trace",
 *   "version": 1,
 *   "kind": "violation", "scenario": ..., "design": ..., "property": ..., "doc": ...,
 *   "detail": ..., "command": ..., "threads": [...], "initial": [...],
 *   "schedule": [{"thread": "gup", "label": "pin_user_pages_fast", "choice": 1}, ...],
 *   "rows": [{"step": 1, "changes": ["folio0.refcount 1→1025"], "marked": false}, ...]
 * }
 * </pre>
 */
public final class JsonTrace {

    /** The {@code "format"} value that marks a foliocheck trace. */
    public static final String FORMAT = "foliocheck-trace";
    /** The {@code "version"} this class writes and reads. */
    public static final int VERSION = 1;

    private JsonTrace() {
    }

    /** The report as pretty-printed JSON with a fixed field order, ending with a newline. */
    public static String write(TraceReport r) {
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.setIndent("  ");
            // Keep "→" and "<" readable; the output is a file, never embedded in HTML.
            w.setHtmlSafe(false);
            w.beginObject();
            w.name("format").value(FORMAT);
            w.name("version").value(VERSION);
            w.name("kind").value(r.kind());
            w.name("scenario").value(r.scenario());
            w.name("design").value(r.design());
            w.name("property").value(r.property());
            w.name("doc").value(r.doc());
            w.name("detail").value(r.detail());
            w.name("command").value(r.command());
            strings(w.name("threads"), r.threads());
            strings(w.name("initial"), r.initial());
            w.name("schedule").beginArray();
            for (TraceReport.Row row : r.rows()) {
                w.beginObject();
                w.name("thread").value(r.threads().get(row.thread()));
                w.name("label").value(row.label());
                w.name("choice").value(row.choice());
                w.endObject();
            }
            w.endArray();
            w.name("rows").beginArray();
            for (int i = 0; i < r.rows().size(); i++) {
                TraceReport.Row row = r.rows().get(i);
                w.beginObject();
                w.name("step").value(i + 1);
                strings(w.name("changes"), row.changes());
                w.name("marked").value(row.marked());
                w.endObject();
            }
            w.endArray();
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string", e);
        }
        return text + "\n";
    }

    private static void strings(JsonWriter w, List<String> values) throws IOException {
        w.beginArray();
        for (String value : values) {
            w.value(value);
        }
        w.endArray();
    }

    /**
     * The report that {@link #write} wrote: {@code read(write(r)).equals(r)}. Unknown fields
     * are ignored.
     *
     * @throws TraceFormatException if {@code json} is not JSON, not a foliocheck trace of
     *                              this version, or inconsistent; its message is one line
     */
    public static TraceReport read(String json) throws TraceFormatException {
        JsonObject o = parse(json);
        JsonElement format = o.get("format");
        if (format == null) {
            throw new TraceFormatException("not a foliocheck trace: no \"format\": \"" + FORMAT + "\" field");
        }
        if (!format.equals(new JsonPrimitive(FORMAT))) {
            throw new TraceFormatException("not a foliocheck trace: \"format\" is " + shortly(format)
                    + ", expected \"" + FORMAT + "\"");
        }
        int version = integer(o, "version", "");
        if (version != VERSION) {
            throw new TraceFormatException("unsupported trace version " + version + "; this foliocheck reads version "
                    + VERSION);
        }
        List<String> threads = strings(o, "threads", "");
        JsonArray schedule = array(o, "schedule");
        JsonArray rows = array(o, "rows");
        if (rows.size() != schedule.size()) {
            throw new TraceFormatException("\"rows\" has " + rows.size() + " entries but \"schedule\" has "
                    + schedule.size() + " steps");
        }
        List<TraceReport.Row> steps = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            String step = "step " + (i + 1);
            JsonObject s = object(schedule.get(i), step + " in \"schedule\"");
            String where = step + ": ";
            String thread = string(s, "thread", where);
            int index = threads.indexOf(thread);
            if (index < 0) {
                throw new TraceFormatException(step + " names unknown thread \"" + thread + "\" (threads: "
                        + String.join(", ", threads) + ")");
            }
            String label = string(s, "label", where);
            int choice = integer(s, "choice", where);
            JsonObject row = object(rows.get(i), step + " in \"rows\"");
            int number = integer(row, "step", step + " in \"rows\": ");
            if (number != i + 1) {
                throw new TraceFormatException("entry " + (i + 1) + " of \"rows\" says it is step " + number);
            }
            List<String> changes = strings(row, "changes", where);
            boolean marked = bool(row, "marked", where);
            try {
                steps.add(new TraceReport.Row(index, label, choice, changes, marked));
            } catch (IllegalArgumentException e) {
                throw new TraceFormatException(where + e.getMessage(), e);
            }
        }
        try {
            return new TraceReport(string(o, "scenario", ""), string(o, "design", ""), string(o, "kind", ""),
                    string(o, "property", ""), string(o, "doc", ""), string(o, "detail", ""), threads,
                    strings(o, "initial", ""), steps, string(o, "command", ""));
        } catch (IllegalArgumentException e) {
            throw new TraceFormatException("invalid trace: " + e.getMessage(), e);
        }
    }

    private static JsonObject parse(String json) throws TraceFormatException {
        if (json == null || json.isBlank()) {
            throw new TraceFormatException("not JSON: the input is empty");
        }
        JsonReader reader = new JsonReader(new StringReader(json));
        // Lenient parsing would take "hello" or a trailing comment for JSON.
        reader.setStrictness(Strictness.STRICT);
        JsonElement top;
        try {
            top = new Gson().getAdapter(JsonElement.class).read(reader);
        } catch (IOException | RuntimeException e) {
            throw new TraceFormatException("not JSON: " + gsonMessage(e), e);
        }
        try {
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException("more data");
            }
        } catch (IOException | RuntimeException e) {
            throw new TraceFormatException("not JSON: more data after the end of the trace at "
                    + reader.toString().replaceFirst("^JsonReader at (line \\d+ column \\d+).*", "$1"), e);
        }
        if (!top.isJsonObject()) {
            throw new TraceFormatException("not a foliocheck trace: expected a JSON object, found " + kind(top));
        }
        return top.getAsJsonObject();
    }

    /** Gson's message, rid of the parts meant for programmers: one line for a user. */
    private static String gsonMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Gson adds a second line pointing at its troubleshooting guide.
        return message.lines().findFirst().orElse("").strip()
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON")
                .replaceFirst(" path \\S*$", "");
    }

    // In the helpers below, where is "" for a top-level field, else e.g. "step 3: ".

    private static JsonElement field(JsonObject o, String name, String where) throws TraceFormatException {
        JsonElement e = o.get(name);
        if (e == null) {
            throw new TraceFormatException(where + "missing field \"" + name + "\"");
        }
        return e;
    }

    private static String string(JsonObject o, String name, String where) throws TraceFormatException {
        JsonElement e = field(o, name, where);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new TraceFormatException(where + "field \"" + name + "\" must be a string, found " + kind(e));
        }
        return e.getAsString();
    }

    private static int integer(JsonObject o, String name, String where) throws TraceFormatException {
        JsonElement e = field(o, name, where);
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            try {
                int value = e.getAsBigDecimal().intValueExact();
                if (value >= 0) {
                    return value;
                }
            } catch (ArithmeticException | NumberFormatException notAnInt) {
                // reported below
            }
        }
        throw new TraceFormatException(where + "field \"" + name + "\" must be a non-negative integer, found "
                + shortly(e));
    }

    private static boolean bool(JsonObject o, String name, String where) throws TraceFormatException {
        JsonElement e = field(o, name, where);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new TraceFormatException(where + "field \"" + name + "\" must be true or false, found "
                    + shortly(e));
        }
        return e.getAsBoolean();
    }

    private static JsonArray array(JsonObject o, String name) throws TraceFormatException {
        JsonElement e = field(o, name, "");
        if (!e.isJsonArray()) {
            throw new TraceFormatException("field \"" + name + "\" must be an array, found " + kind(e));
        }
        return e.getAsJsonArray();
    }

    private static JsonObject object(JsonElement e, String what) throws TraceFormatException {
        if (!e.isJsonObject()) {
            throw new TraceFormatException(what + " must be an object, found " + kind(e));
        }
        return e.getAsJsonObject();
    }

    private static List<String> strings(JsonObject o, String name, String where) throws TraceFormatException {
        JsonElement e = field(o, name, where);
        String what = where + "field \"" + name + "\" must be an array of strings";
        if (!e.isJsonArray()) {
            throw new TraceFormatException(what + ", found " + kind(e));
        }
        List<String> values = new ArrayList<>();
        JsonArray a = e.getAsJsonArray();
        for (int i = 0; i < a.size(); i++) {
            JsonElement v = a.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new TraceFormatException(what + ", but entry " + (i + 1) + " is " + kind(v));
            }
            values.add(v.getAsString());
        }
        return values;
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
    }

    /** The value itself if short, else its kind: enough to recognise it in the file. */
    private static String shortly(JsonElement e) {
        String text = e.toString();
        return e.isJsonPrimitive() && text.length() <= 40 ? text : kind(e);
    }
}
