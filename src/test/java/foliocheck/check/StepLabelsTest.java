package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import foliocheck.engine.Checker;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The coverage report can name a step that never ran only if some program declares it
 * ({@link foliocheck.model.Program#labels}): every step that runs in a built-in scenario
 * under a built-in design is declared there, but for the sub-steps below.
 */
class StepLabelsTest {

    /**
     * Run by every program that puts a folio, or by GUP on a devmap entry, under conditions
     * no program knows in advance (whether a put reaches 0 or wakes someone, whether the entry
     * a pin reads is devmap): the free path, the wake-ups, and GUP's pgmap reference. The
     * coverage report counts them when they run and never lists them as never run.
     */
    private static final Set<String> UNDECLARED = Set.of("free_zone_device_folio", "wake_up_var",
            "put_devmap_managed_folio_refs", "get_dev_pagemap", "put_dev_pagemap");

    @Test
    void everyStepThatRunsIsDeclared() {
        List<String> undeclared = new ArrayList<>();
        for (Scenario sc : Scenarios.all()) {
            if (sc.name().equals("stress")) {
                continue;   // its threads are those of the smaller scenarios
            }
            for (Design d : Designs.all()) {
                FolioModel m = new FolioModel(sc, d);
                Result<State> r = Checker.of(m).run();
                List<String> declared = m.stepLabels();
                for (String label : r.stats().stepCounts().keySet()) {
                    if (!declared.contains(label) && !UNDECLARED.contains(label)) {
                        undeclared.add(sc.name() + "/" + d.name() + ": " + label);
                    }
                }
            }
        }
        assertEquals("", String.join("\n", undeclared));
    }
}
