package foliocheck;

import foliocheck.check.Catalog;
import foliocheck.check.FolioModel;
import foliocheck.check.Reports;
import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.properties.PropertySet;
import foliocheck.render.TextTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * foliocheck for your own tests (JUnit 5 or any other framework): check a design in a
 * scenario exhaustively and assert the verdict. A failed assertion throws an
 * {@link AssertionError} whose message is the plain-text counterexample, the same one
 * {@code foliocheck check} prints.
 *
 * <pre>{@code
 * @Test
 * void myProposalSurvivesReleaseWhilePinned() {
 *     FolioCheck.assertHolds(new MyRequestFolios(), "request-release");
 * }
 *
 * @Test
 * void theOriginalProposalLosesThePgmapReference() {
 *     String trace = FolioCheck.assertViolates(FolioCheck.design("request-folios"), "request-release", "deadlock");
 *     assertTrue(trace.contains("wait_for_completion"));
 * }
 * }</pre>
 */
public final class FolioCheck {
    private FolioCheck() { }

    /** The verdict of one exhaustive check, with every property's outcome. */
    public static final class Report {
        private final String what;
        private final FolioModel model;
        private final Result<State> result;

        private Report(String what, FolioModel model, Result<State> result) {
            this.what = what;
            this.model = model;
            this.result = result;
        }

        /** HOLDS, VIOLATED, VACUOUS (a witness never reached) or INCOMPLETE. */
        public Result.Verdict verdict() {
            return result.verdict();
        }

        /** Distinct states explored. */
        public long states() {
            return result.stats().states();
        }

        /** Names of the violated properties, in check order. */
        public List<String> violated() {
            return names(Outcome.Status.VIOLATED);
        }

        /** Names of the witnesses never reached. */
        public List<String> unreached() {
            return names(Outcome.Status.UNREACHED);
        }

        /** The plain-text counterexample of a violated property, or null if it holds. */
        public String trace(String property) {
            Outcome<State> x = result.outcome(property);
            return x == null || x.status() != Outcome.Status.VIOLATED ? null : TextTrace.render(Reports.of(model, x));
        }

        /** One line: scenario, design, verdict, states, and what was found. */
        public String summary() {
            List<String> f = new ArrayList<>();
            violated().forEach(p -> f.add("violates " + p));
            unreached().forEach(w -> f.add("never reaches " + w));
            if (result.stopReason() != null) {
                f.add("incomplete: " + result.stopReason());
            }
            return what + ": " + verdict() + " in " + states() + " states" + (f.isEmpty() ? "" : "; " + String.join(", ", f));
        }

        private List<String> names(Outcome.Status status) {
            List<String> l = new ArrayList<>();
            for (Outcome<State> x : result.outcomes()) {
                if (x.status() == status) {
                    l.add(x.name());
                }
            }
            return l;
        }
    }

    /** A built-in design by name. */
    public static Design design(String name) {
        try {
            return Catalog.builtIn().design(name);
        } catch (Catalog.UnknownName e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A built-in scenario by name (including {@code stress-N}). */
    public static Scenario scenario(String name) {
        try {
            return Catalog.builtIn().scenario(name);
        } catch (Catalog.UnknownName e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Checks {@code design} in {@code scenario} exhaustively, with the built-in properties and {@code extra}'s. */
    public static Report check(Design design, Scenario scenario, PropertySet... extra) {
        FolioModel m = new FolioModel(scenario, design, List.of(extra), "");
        return new Report(scenario.name() + " under " + design.name(), m, Checker.of(m).run());
    }

    /** {@link #check(Design, Scenario, PropertySet...)} with a built-in scenario. */
    public static Report check(Design design, String scenario, PropertySet... extra) {
        return check(design, scenario(scenario), extra);
    }

    /**
     * Asserts that every property holds in every reachable state and every witness of the
     * scenario is reached. On failure the message is the first counterexample as text.
     */
    public static Report assertHolds(Design design, Scenario scenario, PropertySet... extra) {
        Report r = check(design, scenario, extra);
        if (r.verdict() != Result.Verdict.HOLDS) {
            StringBuilder b = new StringBuilder(r.summary());
            if (!r.violated().isEmpty()) {
                b.append("\n\n").append(r.trace(r.violated().get(0)));
            }
            throw new AssertionError(b.toString());
        }
        return r;
    }

    /** {@link #assertHolds(Design, Scenario, PropertySet...)} with a built-in scenario. */
    public static Report assertHolds(Design design, String scenario, PropertySet... extra) {
        return assertHolds(design, scenario(scenario), extra);
    }

    /**
     * Asserts that {@code property} (an invariant's name, "deadlock", or one of {@code extra}'s)
     * is violated, and returns its plain-text counterexample for further assertions.
     */
    public static String assertViolates(Design design, Scenario scenario, String property, PropertySet... extra) {
        Report r = check(design, scenario, extra);
        if (r.result.outcome(property) == null) {
            throw new IllegalArgumentException("no property named '" + property + "' in " + r.what);
        }
        String trace = r.trace(property);
        if (trace == null) {
            StringBuilder b = new StringBuilder("expected " + property + " to be violated; " + r.summary());
            if (!r.violated().isEmpty()) {
                b.append("\n\n").append(r.trace(r.violated().get(0)));
            }
            throw new AssertionError(b.toString());
        }
        return trace;
    }

    /** {@link #assertViolates(Design, Scenario, String, PropertySet...)} with a built-in scenario. */
    public static String assertViolates(Design design, String scenario, String property, PropertySet... extra) {
        return assertViolates(design, scenario(scenario), property, extra);
    }
}
