package foliocheck.cli;

import foliocheck.check.Catalog;
import foliocheck.check.FolioModel;
import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Print the property x design matrix of a scenario (or of every scenario).",
        footer = {"", "Examples:", "  foliocheck compare pin-truncate", "  foliocheck compare --markdown",
                "  foliocheck compare stress-3 --design mainline --design legacy --time-limit 60s",
                "", "Cells: ok = holds, X = violated, - = witness never reached,",
                "reached = witness reached, ? = not known (a limit stopped that check; why is",
                "printed under the table).",
                "Exit status: 1 if a check found a violation or left a witness unreached,",
                "else 3 if a limit stopped a check, else 0."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "SCENARIO", description = "scenario name (default: all)")
    String scenario;

    @Option(names = "--design", paramLabel = "D", description = "designs to compare (repeatable; default: all)")
    List<String> designs = new ArrayList<>();

    @CommandLine.Mixin
    UserCodeOptions user = new UserCodeOptions();

    @Option(names = "--markdown", description = "print Markdown tables instead of text")
    boolean markdown;


    @CommandLine.Mixin
    LimitOptions limits = new LimitOptions();

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        List<Scenario> scs;
        List<Design> ds;
        Catalog cat;
        try {
            cat = user.catalog();
            scs = cat.scenarios(scenario);
            ds = cat.designs(designs);
            limits.validate();
        } catch (Catalog.UnknownName | IllegalArgumentException e) {
            spec.commandLine().getErr().println("foliocheck: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (foliocheck.check.UserCode.Bad e) {
            spec.commandLine().getErr().println(UserCodeOptions.message(e));
            return Main.BAD_INPUT;
        }
        boolean failed = false;
        boolean incomplete = false;
        for (Scenario sc : scs) {
            List<Result<State>> results = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            List<String> stopped = new ArrayList<>();
            for (Design d : ds) {
                Checker<State> c = Main.doing(CheckCommand.doing(sc, d), () -> Checker.of(cat.model(sc, d)));
                Result<State> r = CheckCommand.run(limits.applyTo(c), sc, d, spec.commandLine().getErr());
                results.add(r);
                for (Outcome<State> x : r.outcomes()) {
                    if (!rows.contains(x.name())) {
                        rows.add(x.name());
                    }
                }
                failed |= r.verdict() == Result.Verdict.VIOLATED || r.verdict() == Result.Verdict.VACUOUS;
                if (r.stopReason() != null) {
                    incomplete = true;
                    stopped.add(d.name() + ": " + r.stopReason());
                }
            }
            if (markdown) {
                o.println("### " + sc.name() + "\n");
            } else {
                printWrapped(o, sc.name() + ": " + sc.doc());
            }
            List<List<String>> table = new ArrayList<>();
            List<String> head = new ArrayList<>(List.of("property"));
            ds.forEach(d -> head.add(d.name()));
            table.add(head);
            for (String p : rows) {
                List<String> line = new ArrayList<>(List.of(p));
                for (Result<State> r : results) {
                    Outcome<State> x = r.outcome(p);
                    line.add(x == null ? "n/a" : cell(x));
                }
                table.add(line);
            }
            print(o, table, markdown);
            for (String why : stopped) {
                if (markdown) {
                    o.println();   // ends the table, or the paragraph before: one paragraph each
                }
                printWrapped(o, "incomplete, " + why);
            }
            o.println();
        }
        o.flush();
        return failed ? Main.VIOLATED : incomplete ? Main.INCOMPLETE : Main.HOLDS;
    }

    static String cell(Outcome<State> x) {
        return switch (x.status()) {
            case HOLDS -> "ok";
            case VIOLATED -> "X";
            case REACHED -> "reached";
            case UNREACHED -> "-";
            case UNKNOWN -> "?";
        };
    }

    /** {@code text} in lines of at most {@link #TEXT_WIDTH} columns, the later ones indented. */
    private static void printWrapped(PrintWriter o, String text) {
        List<String> lines = foliocheck.render.Wrap.words(text, TEXT_WIDTH - 2);
        for (int i = 0; i < lines.size(); i++) {
            o.println((i == 0 ? "" : "  ") + lines.get(i));
        }
    }

    /** The widest a text table's line may be: plain-text mail wraps longer ones. */
    static final int TEXT_WIDTH = 100;

    /**
     * Prints table {@code t} (header row first, names in the first column). As text, a table
     * wider than {@link #TEXT_WIDTH} is split into as few tables as fit, of about as many
     * columns each, each led by the names and separated by a blank line; Markdown is one table.
     */
    static void print(PrintWriter o, List<List<String>> t, boolean md) {
        int cols = t.get(0).size();
        int[] w = new int[cols];
        for (List<String> r : t) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        if (md) {
            printColumns(o, t, w, 1, cols, true);
            return;
        }
        List<Integer> ends = split(w, Integer.MAX_VALUE);
        if (ends.isEmpty()) {
            printColumns(o, t, w, 1, 1, false);   // names only
            return;
        }
        List<Integer> even = split(w, (cols - 1 + ends.size() - 1) / ends.size());
        if (even.size() == ends.size()) {
            ends = even;
        }
        int from = 1;
        for (int to : ends) {
            if (from > 1) {
                o.println();
            }
            printColumns(o, t, w, from, to, false);
            from = to;
        }
    }

    /**
     * Where each table ends when columns of widths {@code w} (names first) are taken in
     * order, at most {@code most} a table, as many as fit in {@link #TEXT_WIDTH} (one at least).
     */
    private static List<Integer> split(int[] w, int most) {
        List<Integer> ends = new ArrayList<>();
        int from = 1;
        while (from < w.length) {
            int to = from + 1;
            int width = w[0] + 2 + w[from];
            while (to < w.length && to - from < most && width + 2 + w[to] <= TEXT_WIDTH) {
                width += 2 + w[to++];
            }
            ends.add(to);
            from = to;
        }
        return ends;
    }

    /** The names' column and columns {@code from} to {@code to} (exclusive) of {@code t}. */
    private static void printColumns(PrintWriter o, List<List<String>> t, int[] w, int from, int to, boolean md) {
        for (int r = 0; r < t.size(); r++) {
            StringBuilder sb = new StringBuilder(md ? "|" : "");
            for (int i = 0; i < to; i = i == 0 ? from : i + 1) {
                String c = t.get(r).get(i);
                sb.append(md ? " " : "").append(c).append(" ".repeat(w[i] - c.length())).append(md ? " |" : "  ");
            }
            o.println(sb.toString().stripTrailing());
            if (r == 0 && md) {
                StringBuilder sep = new StringBuilder("|");
                for (int i = 0; i < to; i = i == 0 ? from : i + 1) {
                    sep.append(" ").append("-".repeat(w[i])).append(" |");
                }
                o.println(sep);
            }
        }
    }
}
