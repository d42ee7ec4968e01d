package foliocheck.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a trace as plain text for a plain-text mail thread: one column per thread, one
 * row per step, the step's state changes under its label, the broken property and the
 * command that reproduces it. Every line fits {@link #WIDTH} columns.
 */
public final class TextTrace {

    /** No line of a rendered trace is wider than this many columns (code points). */
    public static final int WIDTH = 100;

    // The gutter is ">> " + step number + two spaces; ">>" marks the step that broke the property.
    private static final String MARK = ">>";
    private static final int GAP = 2;
    // A step's changes are indented under its label so that the label stands out.
    private static final int CHANGE_INDENT = 2;
    // Room a column asks for so that one change such as "folio0.refcount 1→1025" stays on one
    // line; longer changes wrap.
    private static final int CHANGE_ROOM = 40;
    // No column starts so far right that less than this is left for its label.
    private static final int MIN_ROOM = 12;

    private TextTrace() {
    }

    /**
     * The trace as text: LF line endings, a final newline, no trailing spaces, no line wider
     * than {@link #WIDTH}; the same report always gives the same text.
     */
    public static String render(TraceReport r) {
        List<String> out = new ArrayList<>();
        String verdict = r.isViolation() ? " violated" : " witness reached";
        paragraph(out, "foliocheck: ", "    ",
                r.property() + verdict + " in design " + r.design() + ", scenario " + r.scenario());
        if (!r.doc().isEmpty()) {
            paragraph(out, "  ", "  ", r.doc());
        }
        out.add("");
        out.add("initial state:");
        if (r.initial().isEmpty()) {
            out.add("  (not described)");
        }
        for (String line : r.initial()) {
            paragraph(out, "  ", "    ", line);
        }
        out.add("");
        table(out, r);
        out.add("");
        String doc = r.doc().isEmpty() ? "" : " — " + r.doc();
        String verdictLabel = r.isViolation() ? "violated: " : "reached: ";
        // Continuation lines align after the label, so they cannot be mistaken for the detail.
        paragraph(out, verdictLabel, Wrap.spaces(Wrap.width(verdictLabel)), r.property() + doc);
        if (!r.detail().isEmpty()) {
            paragraph(out, "  ", "    ", r.detail());
        }
        command(out, "reproduce: ", r.command());

        StringBuilder text = new StringBuilder();
        for (String line : out) {
            text.append(line.stripTrailing()).append('\n');
        }
        return text.toString();
    }

    private static void table(List<String> out, TraceReport r) {
        List<String> threads = r.threads();
        List<TraceReport.Row> rows = r.rows();
        int n = threads.size();
        int numberWidth = String.valueOf(Math.max(1, rows.size())).length();
        int gutter = MARK.length() + 1 + numberWidth + GAP;
        Layout layout = Layout.of(r, gutter);

        StringBuilder names = new StringBuilder(Wrap.spaces(gutter - GAP - 1)).append('#');
        StringBuilder rules = new StringBuilder();
        for (int t = 0; t < n; t++) {
            pad(names, layout.start[t]);
            names.append(layout.header[t]);
            pad(rules, layout.start[t]);
            rules.append("-".repeat(layout.rule[t]));
        }
        // Only with dozens of threads can the names overflow; clip rather than break the frame.
        out.add(Wrap.chop(names.toString(), WIDTH).get(0));
        out.add(Wrap.chop(rules.toString(), WIDTH).get(0));
        if (rows.isEmpty()) {
            out.add(Wrap.spaces(gutter) + "(no steps: the initial state "
                    + (r.isViolation() ? "already breaks" : "already reaches") + " the property)");
        }
        for (int i = 0; i < rows.size(); i++) {
            TraceReport.Row row = rows.get(i);
            int start = layout.start[row.thread()];
            String number = String.valueOf(i + 1);
            StringBuilder line = new StringBuilder(row.marked() ? MARK : Wrap.spaces(MARK.length()))
                    .append(Wrap.spaces(1 + numberWidth - number.length())).append(number);
            // A label wider than the room left is hard-broken rather than shifted: its start
            // column is what tells the reader which thread moved.
            List<String> label = Wrap.chop(row.label(), WIDTH - start);
            pad(line, start);
            out.add(line.append(label.get(0)).toString());
            for (String more : label.subList(1, label.size())) {
                out.add(Wrap.spaces(start) + more);
            }
            if (!row.changes().isEmpty()) {
                int indent = start + CHANGE_INDENT;
                for (String part : Wrap.items(row.changes(), ",", WIDTH - indent)) {
                    out.add(Wrap.spaces(indent) + part);
                }
            }
        }
    }

    /**
     * Where each thread's column starts. Columns share the width equally but are no wider
     * than the widest label needs; then columns to the right move left where a label (or one
     * change) of theirs would not otherwise fit before {@link #WIDTH}, down to the width of
     * the thread names to their left.
     */
    private static final class Layout {
        final int[] start;
        final String[] header;
        final int[] rule;

        private Layout(int n) {
            start = new int[n];
            header = new String[n];
            rule = new int[n];
        }

        static Layout of(TraceReport r, int gutter) {
            int n = r.threads().size();
            Layout layout = new Layout(n);
            int budget = WIDTH - gutter;
            int[] min = new int[n];
            int[] need = new int[n];
            int widest = 0;
            int minSum = 0;
            for (int t = 0; t < n; t++) {
                int name = Wrap.width(r.threads().get(t));
                min[t] = name + GAP;
                minSum += min[t];
                need[t] = name;
                widest = Math.max(widest, name);
            }
            for (TraceReport.Row row : r.rows()) {
                int label = Wrap.width(row.label());
                need[row.thread()] = Math.max(need[row.thread()], label);
                widest = Math.max(widest, label);
                for (String change : row.changes()) {
                    int room = CHANGE_INDENT + Math.min(CHANGE_ROOM, Wrap.width(change) + 1);
                    need[row.thread()] = Math.max(need[row.thread()], room);
                }
            }
            int share = budget / n;
            if (minSum > budget) {
                // Thread names too long for the budget: equal columns, names shortened.
                for (int t = 0; t < n; t++) {
                    min[t] = share;
                }
            }
            // Equal columns, as wide as the widest label needs, narrowed so that each thread's
            // column starts early enough for its widest label (or one change) to fit.
            int width = Math.min(share, widest + GAP);
            for (int t = 1; t < n; t++) {
                width = Math.min(width, (WIDTH - need[t] - gutter) / t);
            }
            width = Math.max(1, width);
            int[] latest = new int[n];
            for (int t = 0; t < n; t++) {
                latest[t] = gutter + t * width;
            }
            // Where thread names keep columns wider than that, pull later columns back left
            // as far as the names before them allow; what still does not fit wraps.
            for (int t = n - 1; t >= 0; t--) {
                latest[t] = Math.min(latest[t], WIDTH - need[t]);
                if (t < n - 1) {
                    latest[t] = Math.min(latest[t], latest[t + 1] - min[t]);
                }
            }
            layout.start[0] = gutter;
            for (int t = 1; t < n; t++) {
                // The cap only matters for dozens of threads: columns then pile up at the
                // right, but every line still fits.
                layout.start[t] = Math.min(WIDTH - MIN_ROOM,
                        Math.max(latest[t], layout.start[t - 1] + min[t - 1]));
            }
            for (int t = 0; t < n; t++) {
                boolean last = t == n - 1;
                int room = last ? WIDTH - layout.start[t] : layout.start[t + 1] - layout.start[t] - 1;
                String name = r.threads().get(t);
                if (Wrap.width(name) > room) {
                    name = Wrap.chop(name, Math.max(1, room - 1)).get(0) + "…";
                }
                layout.header[t] = name;
                int rule = last ? Math.min(room, width - GAP) : room - 1;
                layout.rule[t] = Math.max(rule, Wrap.width(name));
            }
            return layout;
        }
    }

    /** Appends spaces to {@code line} until it is {@code column} wide (at least one space if not empty). */
    private static void pad(StringBuilder line, int column) {
        int w = Wrap.width(line.toString());
        if (w > 0 && w >= column) {
            line.append(' ');
        }
        line.append(Wrap.spaces(column - w));
    }

    private static void paragraph(List<String> out, String first, String rest, String text) {
        List<String> lines = Wrap.words(text, WIDTH - Math.max(Wrap.width(first), Wrap.width(rest)));
        for (int i = 0; i < lines.size(); i++) {
            out.add((i == 0 ? first : rest) + lines.get(i));
        }
    }

    /**
     * The command on one line if it fits, else split between options with shell
     * continuations (a trailing {@code \}) so that the pasted text still runs.
     */
    private static void command(List<String> out, String first, String command) {
        String rest = "    ";
        List<String> lines = List.of(command);
        if (Wrap.width(first + command) > WIDTH) {
            // Keep "--option value" together: a reader scans the options, not the words.
            List<String> options = new ArrayList<>();
            for (String word : command.split(" +")) {
                int last = options.size() - 1;
                if (last >= 0 && options.get(last).startsWith("--") && !options.get(last).contains(" ")
                        && !word.startsWith("-")) {
                    options.set(last, options.get(last) + " " + word);
                } else {
                    options.add(word);
                }
            }
            lines = Wrap.items(options, "", WIDTH - Wrap.width(first) - 2);
        }
        for (int i = 0; i < lines.size(); i++) {
            String tail = i < lines.size() - 1 ? " \\" : "";
            out.add((i == 0 ? first : rest) + lines.get(i) + tail);
        }
    }
}
