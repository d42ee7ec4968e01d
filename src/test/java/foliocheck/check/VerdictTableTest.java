package foliocheck.check;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import foliocheck.render.Golden;
import org.junit.jupiter.api.Test;

/**
 * Pins every design x scenario verdict, its exact distinct state count and every finding
 * (violated invariants with trace lengths, unreached witnesses) in one golden table.
 * Regenerate with -Dgolden.update=true and review the diff.
 */
class VerdictTableTest {

    static String table() {
        StringBuilder sb = new StringBuilder();
        for (Scenario sc : Scenarios.all()) {
            for (Design d : Designs.all()) {
                Result<State> r = Checker.of(new FolioModel(sc, d)).run();
                sb.append(String.format("%-16s %-22s %-10s %8d ", sc.name(), d.name(), r.verdict(),
                        r.stats().states()));
                for (Outcome<State> o : r.outcomes()) {
                    if (o.status() == Outcome.Status.VIOLATED) {
                        sb.append(' ').append(o.name()).append('(').append(o.trace().steps().size()).append(')');
                    } else if (o.status() == Outcome.Status.UNREACHED) {
                        sb.append(" never:").append(o.name());
                    }
                }
                sb.setLength(sb.toString().stripTrailing().length());
                sb.append("\n");
            }
        }
        return sb.toString();
    }

    @Test
    void everyDesignAndScenarioVerdictIsPinned() {
        Golden.assertMatches("verdicts.txt", table());
    }
}
