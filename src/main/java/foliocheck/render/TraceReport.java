package foliocheck.render;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a renderer needs to show one counterexample or witness, as plain strings: the
 * renderers know nothing of the model, so the CLI can build this from an engine trace or
 * read it back from JSON.
 *
 * <p>All strings are single-line (no control characters); thread names are distinct and
 * non-blank because the JSON schedule refers to threads by name.
 *
 * @param scenario the scenario checked, e.g. {@code pin-truncate}
 * @param design   the design checked, e.g. {@code pre-busy-wait}
 * @param kind     {@link #VIOLATION} or {@link #WITNESS}
 * @param property the property's name, e.g. {@code no-free-while-busy}
 * @param doc      the property's one-line doc (may be empty)
 * @param detail   the values that break (or reach) the property at the end (may be empty)
 * @param threads  the thread names, in thread order; at least one
 * @param initial  lines describing the initial state, e.g. {@code folio0: refcount 0, mapcount 0}
 * @param rows     the steps, in the order they ran; may be empty if the initial state is the answer
 * @param command  the one command line that reproduces the trace
 */
public record TraceReport(String scenario, String design, String kind, String property, String doc,
                          String detail, List<String> threads, List<String> initial, List<Row> rows,
                          String command) {

    /** {@link #kind} of a trace that ends in a state breaking an invariant. */
    public static final String VIOLATION = "violation";
    /** {@link #kind} of a trace that reaches a {@code sometimes} property. */
    public static final String WITNESS = "witness";

    /**
     * One step of the trace.
     *
     * @param thread  index into {@link TraceReport#threads()} of the thread that moved
     * @param label   the step label, a kernel function name such as {@code dax_iomap_pmd_fault}
     * @param choice  the step's index in the engine's enumeration of the previous state's steps
     *                (what replay follows); not negative
     * @param changes what the step changed, e.g. {@code folio0.refcount 1→1025}; may be empty
     * @param marked  whether this is the step that broke (or reached) the property
     */
    public record Row(int thread, String label, int choice, List<String> changes, boolean marked) {

        /** Rejects a blank label, a negative choice and null or multi-line changes. */
        public Row {
            label = line(label, "label");
            if (label.isBlank()) {
                throw new IllegalArgumentException("label is blank");
            }
            if (choice < 0) {
                throw new IllegalArgumentException("choice is negative: " + choice);
            }
            changes = lines(changes, "changes");
        }
    }

    /** Rejects nulls, unknown kinds, blank or repeated thread names and out-of-range thread indexes. */
    public TraceReport {
        scenario = nonBlank(scenario, "scenario");
        design = nonBlank(design, "design");
        kind = line(kind, "kind");
        if (!kind.equals(VIOLATION) && !kind.equals(WITNESS)) {
            throw new IllegalArgumentException(
                    "kind is \"" + kind + "\", expected \"" + VIOLATION + "\" or \"" + WITNESS + "\"");
        }
        property = nonBlank(property, "property");
        doc = line(doc, "doc");
        detail = line(detail, "detail");
        threads = lines(threads, "threads");
        if (threads.isEmpty()) {
            throw new IllegalArgumentException("threads is empty");
        }
        Set<String> seen = new HashSet<>();
        for (String name : threads) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("threads contains a blank name");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("thread name \"" + name + "\" appears twice");
            }
        }
        initial = lines(initial, "initial");
        if (rows == null) {
            throw new IllegalArgumentException("rows is null");
        }
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row == null) {
                throw new IllegalArgumentException("step " + (i + 1) + " is null");
            }
            if (row.thread() < 0 || row.thread() >= threads.size()) {
                throw new IllegalArgumentException("step " + (i + 1) + " has thread index " + row.thread()
                        + ", but there are " + threads.size() + " threads (0.." + (threads.size() - 1) + ")");
            }
        }
        rows = List.copyOf(rows);
        command = nonBlank(command, "command");
    }

    /** Whether this is a {@link #VIOLATION} (else a {@link #WITNESS}). */
    public boolean isViolation() {
        return kind.equals(VIOLATION);
    }

    private static String nonBlank(String value, String field) {
        String s = line(value, field);
        if (s.isBlank()) {
            throw new IllegalArgumentException(field + " is blank");
        }
        return s;
    }

    // Renderers lay text out line by line; a line break or tab inside a value would break
    // the layout, so reject it here rather than guess in every renderer.
    private static String line(String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException(field + " contains a control character (line break or tab) at "
                        + "index " + i + ": \"" + value.substring(0, i) + "\"...");
            }
        }
        return value;
    }

    private static List<String> lines(List<String> values, String field) {
        if (values == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        for (int i = 0; i < values.size(); i++) {
            line(values.get(i), field + "[" + i + "]");
        }
        return List.copyOf(values);
    }
}
