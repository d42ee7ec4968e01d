package foliocheck.cli;

import foliocheck.check.Catalog;
import foliocheck.check.FolioModel;
import foliocheck.engine.Property;
import foliocheck.model.State;
import foliocheck.model.StepList;
import foliocheck.render.JsonTrace;
import foliocheck.render.TraceFormatException;
import foliocheck.render.TraceReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-execute a saved trace against the current model and confirm its finding.",
        footer = {"", "Example:",
                "  foliocheck replay \\",
                "      counterexamples/pin-truncate.pre-busy-wait.no-free-while-busy.json",
                "", "Exit status: 1 the violation is confirmed, 0 the model no longer shows it,",
                "2 bad input."})
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "TRACE.json")
    Path trace;

    @CommandLine.Mixin
    UserCodeOptions user = new UserCodeOptions();

    static TraceReport load(Path p) {
        if (p.toString().isBlank()) {
            throw new IllegalArgumentException("no trace file named (an empty name)");
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("cannot read " + p + ": not UTF-8 text (a JSON trace is)");
        } catch (IOException e) {
            String why = Files.isDirectory(p) ? "is a directory" : OutputFile.reason(e, p.toAbsolutePath().getParent());
            throw new IllegalArgumentException("cannot read " + p + ": " + why);
        }
        try {
            return JsonTrace.read(text);
        } catch (TraceFormatException e) {
            throw new IllegalArgumentException(p + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TraceReport r;
        FolioModel m;
        try {
            r = load(trace);
            Catalog cat = user.catalog();
            m = cat.model(cat.scenario(r.scenario()), cat.design(r.design()));
            if (r.kind().equals(TraceReport.VIOLATION)) {
                cat.property(r.property());
            } else {
                Catalog.witness(r.property());
            }
        } catch (IllegalArgumentException | Catalog.UnknownName e) {
            err.println("foliocheck: " + e.getMessage());
            return Main.BAD_INPUT;
        } catch (foliocheck.check.UserCode.Bad e) {
            err.println(UserCodeOptions.message(e));
            return Main.BAD_INPUT;
        }
        if (!m.threadNames().equals(r.threads())) {
            o.println("differs: the scenario's threads are now " + m.threadNames() + ", the trace has " + r.threads());
            return Main.HOLDS;
        }
        State s = m.initialStates().get(0);
        String flagged = null;
        for (int i = 0; i < r.rows().size(); i++) {
            TraceReport.Row row = r.rows().get(i);
            StepList offered = m.offered(s);
            int c = row.choice();
            if (c < 0 || c >= offered.size() || offered.thread(c) != row.thread()
                    || !offered.label(c).equals(row.label())) {
                o.printf("differs at step %d: the trace has #%d %s %s, the model now offers %s%n", i + 1, c,
                        r.threads().get(row.thread()), row.label(), describe(m, offered));
                return Main.HOLDS;
            }
            flagged = offered.property(c);
            s = offered.state(c);
        }
        boolean confirmed = r.property().equals(flagged);
        for (Property<State> p : m.properties()) {
            if (p.name().equals(r.property())) {
                confirmed |= p.isAlways() ? !p.holds().test(s) : p.holds().test(s);
            }
        }
        if (r.property().equals("deadlock")) {
            confirmed = isDeadlock(m, s);
        }
        if (confirmed) {
            o.printf("confirmed: %s %s in %s/%s after %d steps%n", r.property(),
                    r.kind().equals(TraceReport.VIOLATION) ? "violated" : "reached", r.scenario(), r.design(),
                    r.rows().size());
            return r.kind().equals(TraceReport.VIOLATION) ? Main.VIOLATED : Main.HOLDS;
        }
        o.printf("differs at the end: all %d steps replay, but %s no longer %s%n", r.rows().size(), r.property(),
                r.kind().equals(TraceReport.VIOLATION) ? "fails" : "holds");
        return Main.HOLDS;
    }

    private static String describe(FolioModel m, StepList offered) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < offered.size(); i++) {
            l.add("#" + i + " " + m.threadNames().get(offered.thread(i)) + " " + offered.label(i));
        }
        return l.isEmpty() ? "no step" : String.join(", ", l);
    }

    private static boolean isDeadlock(FolioModel m, State s) {
        if (m.offered(s).size() > 0) {
            return false;
        }
        for (int t = 0; t < m.threadNames().size(); t++) {
            if (!m.finished(s, t)) {
                return true;
            }
        }
        return false;
    }
}
