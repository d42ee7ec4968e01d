package foliocheck.jpf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.check.FolioModel;
import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * With {@code JPF_HOME} set, every pinned scenario x design is checked by JPF too, and the
 * verdicts must agree: JPF finds a violation exactly when foliocheck does, and JPF's (first)
 * violated property is one foliocheck reports. Witnesses are not compared (JPF checks paths).
 * The {@code stress} scenarios are left out: hundreds of thousands of states are beyond a
 * bytecode interpreter in a test run. The table goes to target/jpf-agreement.txt.
 */
class JpfAgreementTest {

    /**
     * The pinned scenarios but stress, smallest first (so an interrupted run has covered the
     * most), or those named by {@code -Djpf.scenarios=a,b}.
     */
    static List<Scenario> scenarios() {
        String only = System.getProperty("jpf.scenarios", "");
        List<Scenario> l = new ArrayList<>();
        for (Scenario sc : Scenarios.all()) {
            if (only.isBlank() ? !sc.name().startsWith("stress") : List.of(only.split(",")).contains(sc.name())) {
                l.add(sc);
            }
        }
        l.sort(java.util.Comparator.comparingLong(sc -> Checker.of(new FolioModel(sc, Designs.all().get(0)))
                .fewestSwitches(false).run().stats().states()));
        return l;
    }

    /** Every design, or those named by {@code -Djpf.designs=a,b} (a name that is none is an error, not an empty run). */
    static List<Design> designs() {
        String only = System.getProperty("jpf.designs", "");
        if (only.isBlank()) {
            return Designs.all();
        }
        List<Design> l = new ArrayList<>();
        for (String name : only.split(",")) {
            l.add(Designs.all().stream().filter(d -> d.name().equals(name.trim())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("-Djpf.designs: no design " + name)));
        }
        return l;
    }

    @Test
    void jpfAndFoliocheckAgreeOnEveryPinnedVerdict() throws Exception {
        String home = System.getenv("JPF_HOME");
        if (home == null || home.isBlank() || JpfRun.runJar(Path.of(home)) == null) {
            String why = "JPF_HOME is not set to a JPF installation (jpf-core with build/RunJPF.jar): "
                    + "JPF agreement not checked";
            System.out.println("JpfAgreementTest skipped: " + why);
            Assumptions.abort(why);
        }
        List<String> table = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "%-16s %-22s %-28s %9s %6s  %-28s %9s %6s  %s", "scenario", "design",
                "foliocheck", "states", "time", "JPF", "states", "time", "agree"));
        for (Scenario sc : scenarios()) {
            for (Design d : designs()) {
                Result<State> n = Checker.of(new FolioModel(sc, d)).fewestSwitches(false).run();
                List<String> violated = n.outcomes().stream().filter(o -> o.status() == Outcome.Status.VIOLATED)
                        .map(Outcome::name).toList();
                JpfRun.Result j = JpfRun.run(Path.of(home), sc, d, Duration.ofMinutes(20), "2g");
                boolean agree = j.verdict() == JpfRun.Verdict.VIOLATED ? violated.contains(j.property())
                        : j.verdict() == JpfRun.Verdict.HOLDS && violated.isEmpty();
                String native_ = violated.isEmpty() ? "holds" : String.join(",", violated);
                String jpf = j.verdict() == JpfRun.Verdict.VIOLATED ? j.property()
                        : j.verdict() == JpfRun.Verdict.HOLDS ? "holds" : j.verdict() + " " + j.detail();
                String row = String.format(Locale.ROOT, "%-16s %-22s %-28s %,9d %5.1fs  %-28s %,9d %5.1fs  %s",
                        sc.name(), d.name(), native_, n.stats().states(), n.stats().millis() / 1000.0, jpf,
                        j.newStates(), j.wallMillis() / 1000.0, agree ? "yes" : "NO");
                System.out.println(row);
                table.add(row);
                if (!agree) {
                    disagreements.add(row);
                }
            }
            Files.write(Path.of("target", "jpf-agreement.txt"), table, StandardCharsets.UTF_8);
        }
        assertTrue(disagreements.isEmpty(), "JPF disagrees:\n" + String.join("\n", disagreements));
    }
}
