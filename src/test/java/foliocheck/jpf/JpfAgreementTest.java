package foliocheck.jpf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.check.Catalog;
import foliocheck.check.FolioModel;
import foliocheck.check.UserCode;
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
 * verdicts must agree. Where foliocheck finds every property holding, JPF checking every
 * property must hold too. Where foliocheck finds violations, JPF checking every property
 * must find one of them; and since JPF stops at its first violation, which would confirm
 * only the one it meets first, JPF is also run once for each violated property, checking
 * that property alone ({@code foliocheck jpf --property}), and must find it. With
 * {@code -Djpf.complement=true}, JPF also checks the properties foliocheck finds holding in
 * a design with violations, which explores the whole state space again, and must hold.
 * Witnesses are not compared (JPF checks paths).
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

    /** Whether the reason for skipping was printed (once for the class, not once a test). */
    private static boolean skipSaid;

    /** The JPF installation of {@code JPF_HOME}; without one, the test is skipped with the reason printed. */
    private static Path jpfHome() {
        String home = System.getenv("JPF_HOME");
        if (home == null || home.isBlank() || JpfRun.runJar(Path.of(home)) == null) {
            String why = "JPF_HOME is not set to a JPF installation (jpf-core with build/RunJPF.jar): "
                    + "JPF agreement not checked";
            if (!skipSaid) {
                System.out.println("JpfAgreementTest skipped: " + why);
                skipSaid = true;
            }
            Assumptions.abort(why);
        }
        return Path.of(home);
    }

    @Test
    void jpfAndFoliocheckAgreeOnEveryPinnedVerdict() throws Exception {
        Path home = jpfHome();
        List<String> table = header();
        List<String> disagreements = new ArrayList<>();
        for (Scenario sc : scenarios()) {
            for (Design d : designs()) {
                compare(home, sc, d, UserCode.Loaded.NONE, table, disagreements);
            }
            Files.write(Path.of("target", "jpf-agreement.txt"), table, StandardCharsets.UTF_8);
        }
        assertTrue(disagreements.isEmpty(), "JPF disagrees:\n" + String.join("\n", disagreements));
    }

    /**
     * The user code of docs/examples under JPF, loaded as {@code foliocheck jpf} loads it:
     * the dax-lock design where it closes request-folios' memmap-lifetime window, the
     * free-put variant with the pgmap-ref-bounded property set where that finds the
     * increment-then-test race, and the two-pins scenario file. The table goes to
     * target/jpf-agreement-examples.txt.
     */
    @Test
    void jpfAndFoliocheckAgreeOnTheExamplesUserCode() throws Exception {
        Path home = jpfHome();
        Path ex = Path.of("docs", "examples");
        UserCode.Loaded user = UserCode.load(List.of(
                new UserCode.Source(ex.resolve("HoldDaxLock.java"), UserCode.Kind.DESIGN),
                new UserCode.Source(ex.resolve("RequestFoliosFreePut.java"), UserCode.Kind.DESIGN),
                new UserCode.Source(ex.resolve("TwoPinsRelease.java"), UserCode.Kind.SCENARIO),
                new UserCode.Source(ex.resolve("PgmapRefBounded.java"), UserCode.Kind.PROPERTY)));
        Catalog cat = Catalog.with(user);
        List<String> table = header();
        List<String> disagreements = new ArrayList<>();
        String[][] runs = {
            {"fault-kill", "request-folios-dax-lock"},
            {"pmd-fault-kill", "request-folios-dax-lock"},
            {"two-pins-release", "mainline"},
            {"gupfast-truncate", "request-folios-free-put"},
        };
        for (String[] r : runs) {
            compare(home, cat.scenario(r[0]), cat.design(r[1]), user, table, disagreements);
            Files.write(Path.of("target", "jpf-agreement-examples.txt"), table, StandardCharsets.UTF_8);
        }
        assertTrue(disagreements.isEmpty(), "JPF disagrees:\n" + String.join("\n", disagreements));
    }

    private static List<String> header() {
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "%-16s %-23s %-24s %-10s %9s %6s  %-24s %9s %6s  %s", "scenario",
                "design", "JPF checks", "foliocheck", "states", "time", "JPF", "states", "time", "agree"));
        return table;
    }

    /**
     * Checks {@code sc} under {@code d} natively, then with JPF: every property, and each
     * violated property alone (and, with {@code -Djpf.complement=true}, the holding ones
     * together); adds a row to {@code table} for each JPF run, and to {@code disagreements}
     * for each that disagrees.
     */
    private static void compare(Path home, Scenario sc, Design d, UserCode.Loaded user, List<String> table,
                                List<String> disagreements) throws Exception {
        Result<State> n = Checker.of(new FolioModel(sc, d, user.properties(), user.options())).fewestSwitches(false)
                .run();
        List<String> checkable = JpfRun.checkable(d, user);
        List<String> violated = n.outcomes().stream().filter(o -> o.status() == Outcome.Status.VIOLATED)
                .map(Outcome::name).filter(checkable::contains).toList();
        // Each run: the properties JPF checks (empty: every one), and those it may find
        // violated (empty: it must hold).
        List<List<String>> checks = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();
        checks.add(List.of());
        expected.add(violated);
        for (String p : violated) {
            checks.add(List.of(p));
            expected.add(List.of(p));
        }
        List<String> holding = checkable.stream().filter(p -> !violated.contains(p)).toList();
        if (Boolean.getBoolean("jpf.complement") && !violated.isEmpty() && !holding.isEmpty()) {
            checks.add(holding);
            expected.add(List.of());
        }
        for (int r = 0; r < checks.size(); r++) {
            JpfRun.Result j = JpfRun.run(home, sc, d, user, Duration.ofMinutes(20), "2g", checks.get(r));
            String row = row(sc, d, checks.get(r), expected.get(r), n, j);
            System.out.println(row);
            table.add(row);
            if (!agrees(j, expected.get(r))) {
                disagreements.add(row);
            }
        }
    }

    /** Whether JPF found one of {@code violated} violated, or (none) found everything it checked holding. */
    static boolean agrees(JpfRun.Result j, List<String> violated) {
        return violated.isEmpty() ? j.verdict() == JpfRun.Verdict.HOLDS
                : j.verdict() == JpfRun.Verdict.VIOLATED && violated.contains(j.property());
    }

    private static String row(Scenario sc, Design d, List<String> only, List<String> violated, Result<State> n,
                              JpfRun.Result j) {
        String checks = only.isEmpty() ? "all" : only.size() == 1 ? only.get(0) : "the " + only.size() + " holding";
        String expect = violated.isEmpty() ? "holds" : violated.size() == 1 ? "violated" : violated.size() + " violated";
        String jpf = j.verdict() == JpfRun.Verdict.VIOLATED ? j.property()
                : j.verdict() == JpfRun.Verdict.HOLDS ? "holds" : j.verdict() + " " + j.detail();
        return String.format(Locale.ROOT, "%-16s %-23s %-24s %-10s %,9d %5.1fs  %-24s %,9d %5.1fs  %s",
                sc.name(), d.name(), checks, expect, n.stats().states(), n.stats().millis() / 1000.0, jpf,
                j.newStates(), j.wallMillis() / 1000.0, agrees(j, violated) ? "yes" : "NO");
    }
}
