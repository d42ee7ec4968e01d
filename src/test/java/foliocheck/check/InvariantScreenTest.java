package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Property;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import foliocheck.properties.Invariants;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The checker runs {@link Invariants#allHold} on every new state and the ten invariants
 * one by one only where it fails, so it must agree with them exactly: on every reachable
 * state of every built-in scenario under every design, it is true exactly when all ten are.
 */
class InvariantScreenTest {

    @Test
    void theOnePassTestAgreesWithTheInvariantsOnEveryReachableState() {
        AtomicLong states = new AtomicLong();
        AtomicLong broken = new AtomicLong();
        List<String> disagreements = new ArrayList<>();
        for (Scenario sc : Scenarios.all()) {
            for (Design d : Designs.all()) {
                List<Property<State>> invariants = Invariants.all(d);
                Property<State> agrees = Property.always("screen-agrees", "allHold is the conjunction", s -> {
                    boolean all = true;
                    for (Property<State> p : invariants) {
                        all &= p.holds().test(s);
                    }
                    states.incrementAndGet();
                    broken.addAndGet(all ? 0 : 1);
                    return Invariants.allHold(s, d) == all;
                });
                FolioModel m = new FolioModel(sc, d).withProperties(List.of(agrees));
                Result<State> r = Checker.of(m).localReduction(false).run();   // every state, not the reduced graph's
                assertEquals(null, r.stopReason(), sc.name() + " under " + d.name());
                if (r.outcome("screen-agrees").status() != Outcome.Status.HOLDS) {
                    disagreements.add(sc.name() + " under " + d.name() + ": "
                            + r.outcome("screen-agrees").trace().last());
                }
            }
        }
        assertEquals(List.of(), disagreements);
        // Not vacuous: both answers were given, many times.
        assertTrue(broken.get() > 10_000, broken + " states break an invariant");
        assertTrue(states.get() - broken.get() > 1_000_000, states + " states");
    }
}
