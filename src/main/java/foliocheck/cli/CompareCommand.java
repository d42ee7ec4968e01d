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
                "", "Cells: ok = holds, X = violated, - = witness never reached, reached = witness reached."})
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
        } catch (Catalog.UnknownName e) {
            spec.commandLine().getErr().println("foliocheck: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (foliocheck.check.UserCode.Bad e) {
            spec.commandLine().getErr().println(UserCodeOptions.message(e));
            return Main.BAD_INPUT;
        }
        int worst = Main.HOLDS;
        for (Scenario sc : scs) {
            List<Result<State>> results = new ArrayList<>();
            List<String> rows = new ArrayList<>();
            for (Design d : ds) {
                Checker<State> c = Main.doing(CheckCommand.doing(sc, d), () -> Checker.of(cat.model(sc, d)));
                Result<State> r = CheckCommand.run(c, sc, d, spec.commandLine().getErr());
                results.add(r);
                for (Outcome<State> x : r.outcomes()) {
                    if (!rows.contains(x.name())) {
                        rows.add(x.name());
                    }
                }
                worst = Math.max(worst, r.verdict() == Result.Verdict.HOLDS ? 0 : 1);
            }
            o.println(markdown ? "### " + sc.name() + "\n" : sc.name() + ": " + sc.doc());
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
            o.println();
        }
        o.flush();
        return worst;
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

    static void print(PrintWriter o, List<List<String>> t, boolean md) {
        int cols = t.get(0).size();
        int[] w = new int[cols];
        for (List<String> r : t) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        for (int r = 0; r < t.size(); r++) {
            StringBuilder sb = new StringBuilder(md ? "|" : "");
            for (int i = 0; i < cols; i++) {
                String c = t.get(r).get(i);
                sb.append(md ? " " : "").append(c).append(" ".repeat(w[i] - c.length())).append(md ? " |" : "  ");
            }
            o.println(sb.toString().stripTrailing());
            if (r == 0 && md) {
                StringBuilder sep = new StringBuilder("|");
                for (int i = 0; i < cols; i++) {
                    sep.append(" ").append("-".repeat(w[i])).append(" |");
                }
                o.println(sep);
            }
        }
    }
}
