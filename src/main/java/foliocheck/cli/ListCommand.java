package foliocheck.cli;

import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Mainline;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import foliocheck.properties.Invariants;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List designs, scenarios and properties with one-line docs.",
        footer = {"", "Example:", "  foliocheck list"})
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Designs:");
        for (Design d : Designs.all()) {
            out.printf("  %-24s %s%n", d.name(), d.doc());
        }
        out.println();
        out.println("Scenarios:");
        for (Scenario s : Scenarios.all()) {
            out.printf("  %-24s %s%n", s.name(), s.doc());
        }
        out.printf("  %-24s %s%n", "stress-N", "stress with N pins (1-9), for benchmarks");
        out.println();
        out.println("Properties:");
        for (Property<State> p : Invariants.all(new Mainline())) {
            out.printf("  %-24s %s%n", p.name(), p.doc());
        }
        out.printf("  %-24s %s%n", "deadlock", "some thread is blocked and no thread can move");
        out.flush();
        return Main.HOLDS;
    }
}
