package foliocheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.model.designs.RequestFolios;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link Design#faultHoldsDaxLock}: in every reachable state of every FS DAX scenario (the
 * stress family aside) under mainline and request-folios with the lock, {@code dax_read_lock}
 * is held by exactly the faults marked {@link Local#DAX_LOCK}, by none that has finished, and
 * at exactly the association's program counters: taken at {@code dax_iomap_direct_access},
 * dropped when the association ends, before the page-table insert.
 */
class DaxLockTest {

    /** The association's program counters, as "pc" or "FREE/WAKE returning to pc". */
    private static final Set<Integer> ASSOCIATION = Set.of(Fault.ASSOC, Fault.REASSOCIATE, Fault.UNMAP_SHARED,
            Fault.PUT_REFS, Fault.ASSOC_PLAIN, Fault.ASSOC_SHARE, Fault.ACTIVATE);

    private static final Design MAINLINE_LOCKED = new Mainline() {
        @Override
        public boolean faultHoldsDaxLock() {
            return true;
        }
    };

    private static final Design REQUEST_FOLIOS_LOCKED = new RequestFolios() {
        @Override
        public boolean faultHoldsDaxLock() {
            return true;
        }
    };

    @Test
    void theLockIsHeldExactlyOverTheAssociation() {
        Set<Integer> heldAt = new TreeSet<>();
        for (Design d : List.of(MAINLINE_LOCKED, REQUEST_FOLIOS_LOCKED)) {
            for (Scenario sc : Scenarios.all()) {
                List<State> states = sc.name().startsWith("stress") ? List.of() : PreRemoveTest.reachable(sc, d);
                if (states.isEmpty() || states.get(0).kernel().pgmap().generic()) {
                    continue;   // device-dax faults hold the lock without the mark
                }
                for (State s : states) {
                    int holders = 0;
                    for (int t = 0; t < s.threads().size(); t++) {
                        Local l = s.thread(t);
                        if (!l.has(Local.DAX_LOCK)) {
                            continue;
                        }
                        holders++;
                        assertFalse(l.pc() == Program.DONE, sc.name() + ": finished holding the lock: " + s);
                        heldAt.add(Program.phase(l));
                    }
                    assertEquals(holders, s.kernel().pgmap().readers(), sc.name() + ": " + s);
                }
            }
        }
        assertEquals(new TreeSet<>(ASSOCIATION), heldAt, "where the lock is held");
    }

    /**
     * What the lock closes on mainline: no association meets a freed memmap, where without
     * it one does (fault-kill's 15-step trace). What it leaves, the hold and the insert
     * after the unlock, HoldDaxLockTest shows.
     */
    @Test
    void onMainlineNoAssociationMeetsAFreedMemmap() {
        for (String name : List.of("fault-kill", "pmd-fault-kill")) {
            Scenario sc = Scenarios.named(name);
            int fault = PreRemoveTest.thread(sc, Fault.class);
            assertTrue(PreRemoveTest.reachable(sc, new Mainline()).stream().anyMatch(s -> associatingAfterTeardown(s, fault)),
                    name + ": without the lock an association meets a freed memmap");
            assertFalse(PreRemoveTest.reachable(sc, MAINLINE_LOCKED).stream().anyMatch(s -> associatingAfterTeardown(s, fault)),
                    name + ": with the lock no association does");
        }
    }

    private static boolean associatingAfterTeardown(State s, int fault) {
        return ASSOCIATION.contains(s.thread(fault).pc()) && s.kernel().pgmap().life() == Pgmap.Life.DEAD;
    }
}
