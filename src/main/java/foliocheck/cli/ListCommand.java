package foliocheck.cli;

import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.check.Catalog;
import foliocheck.check.UserCode;
import foliocheck.model.Mainline;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.properties.Invariants;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List designs, scenarios and properties with one-line docs.",
        footer = {"", "Examples:", "  foliocheck list", "  foliocheck list --design-file docs/examples/RequestFoliosFreePut.java"})
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    UserCodeOptions user = new UserCodeOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Catalog cat;
        try {
            cat = user.catalog();
        } catch (UserCode.Bad e) {
            spec.commandLine().getErr().println(UserCodeOptions.message(e));
            return Main.BAD_INPUT;
        }
        out.println("Designs:");
        for (Design d : cat.allDesigns()) {
            out.printf("  %-24s %s%n", d.name(), d.doc());
        }
        out.println();
        out.println("Scenarios:");
        for (Scenario s : cat.allScenarios()) {
            out.printf("  %-24s %s%n", s.name(), s.doc());
        }
        out.printf("  %-24s %s%n", "stress-N", "stress with N pins (1-9), for benchmarks");
        out.println();
        out.println("Properties:");
        for (Property<State> p : Invariants.all(new Mainline())) {
            out.printf("  %-24s %s%n", p.name(), p.doc());
        }
        out.printf("  %-24s %s%n", "deadlock", "some thread is blocked and no thread can move");
        for (Catalog.UserProperty u : cat.userProperties()) {
            out.printf("  %-24s %s%s%n", u.property().name(), u.property().doc(),
                    u.design().equals("mainline") ? "" : " (not under mainline)");
        }
        out.println();
        out.println("Witnesses (for a scenario's list; each must be reached, or the check is vacuous):");
        out.println("  " + String.join(", ", foliocheck.properties.Witnesses.NAMES));
        out.flush();
        return Main.HOLDS;
    }
}
