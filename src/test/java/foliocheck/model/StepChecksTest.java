package foliocheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Steps that touch a folio report what a fault's do: a use after pageunmap_range
 * (memmap-lifetime) and a compound folio built above refcount 0 (compound-at-zero); any step
 * that takes a pgmap reference once the pgmap is dying reports memmap-lifetime. Tests that
 * set up a state by hand do so because no built-in scenario reaches it.
 */
class StepChecksTest {
    private static final Scenario FAULT_KILL = Scenarios.named("fault-kill");
    private static final Design REQUEST_FOLIOS = Designs.named("request-folios");
    private static final int FAULT = PreRemoveTest.thread(FAULT_KILL, Fault.class);

    /** The steps thread {@code t} is offered from {@code s}, each as "label breaks violation" ("... breaks null": none). */
    private static List<String> found(Scenario sc, Design d, State s, int t) {
        return PreRemoveTest.offers(sc, d, s, t).stream().map(o -> o.label() + " breaks " + o.violation()).toList();
    }

    /** The reachable states of fault-kill under request-folios with the fault at the activation's second half. */
    private static List<State> atActivation() {
        return PreRemoveTest.reachable(FAULT_KILL, REQUEST_FOLIOS).stream()
                .filter(s -> s.thread(FAULT).pc() == Fault.ACTIVATE).toList();
    }

    /**
     * File B's reallocation touches the struct page as a fault does. Under ext4, whose unbind
     * does not invalidate the files' mappings (no notify_failure), a reallocation that set
     * its entry before kill_dax inserts after pageunmap_range: a use after free, reported by
     * the insert itself (before, the step was taken as if the memmap were there).
     */
    @Test
    void anInsertAfterTeardownTouchesFreedMemmap() {
        Scenario sc = new Scenario("reallocate-kill", "file B reallocates the freed block, then the device is unbound",
                List.of(new Fault("fault", 0, 0, Level.PTE, false), new Truncate(false), new Reallocate(),
                        new PgmapKill(true)),
                List.of(Level.PTE), List.of("block-reused"));
        Design ext4 = Designs.named("mainline-ext4");
        int fileB = PreRemoveTest.thread(sc, Reallocate.class);
        int checked = 0;
        for (State s : PreRemoveTest.reachable(sc, ext4)) {
            if (s.thread(fileB).pc() != Reallocate.INSERT || s.kernel().pgmap().life() != Pgmap.Life.DEAD) {
                continue;
            }
            List<String> found = found(sc, ext4, s, fileB);
            assertEquals(List.of("vmf_insert_page_mkwrite breaks memmap-lifetime: vmf_insert_page_mkwrite touches folio0"
                    + " after pageunmap_range freed the memmap"), found, s.toString());
            checked++;
        }
        assertTrue(checked > 0, "no state has file B's insert after the teardown");
    }

    /** The reallocation's association builds a PMD folio: at refcount 0 only, as a fault's. */
    @Test
    void aReallocationBuildingACompoundFolioAboveZeroIsFound() {
        Scenario sc = new Scenario("reallocate-pmd", "file B reallocates a PMD block file A truncated",
                List.of(new Fault("fault", 0, 0, Level.PMD, false), new Truncate(false), new Reallocate()),
                List.of(Level.PMD), List.of("block-reused"));
        Design mainline = new Mainline();
        int fileB = PreRemoveTest.thread(sc, Reallocate.class);
        int checked = 0;
        for (State s : PreRemoveTest.reachable(sc, mainline)) {
            Kernel k = s.kernel();
            int f = s.thread(fileB).folio();
            if (s.thread(fileB).pc() != Reallocate.ENTRY || !k.pgmap().alive() || k.folio(f).compound()) {
                continue;
            }
            assertEquals(0, k.folio(f).refcount(), s.toString());
            State held = new State(k.withFolio(f, k.folio(f).withRefcount(1)), s.threads());   // a reference nobody put
            List<String> found = found(sc, mainline, held, fileB);
            assertEquals(List.of("dax_insert_entry breaks compound-at-zero: dax_folio_init builds folio" + f
                    + " at refcount 1"), found, held.toString());
            assertEquals(List.of("dax_insert_entry breaks null"), found(sc, mainline, s, fileB), "at refcount 0 it is fine");
            checked++;
        }
        assertTrue(checked > 0, "no state has file B's association of a PMD folio");
    }

    /** request-folios' second half of the activation reads the folio's count: after the memmap is gone, a use after free. */
    @Test
    void theActivationAfterTeardownTouchesFreedMemmap() {
        int checked = 0;
        for (State s : atActivation()) {
            Kernel k = s.kernel();
            State dead = new State(k.withPgmap(k.pgmap().withLife(Pgmap.Life.DEAD)), s.threads());
            List<String> found = found(FAULT_KILL, REQUEST_FOLIOS, dead, FAULT);
            assertEquals(List.of("pgmap_request_folios breaks memmap-lifetime: pgmap_request_folios touches folio0"
                    + " after pageunmap_range freed the memmap"), found, dead.toString());
            checked++;
        }
        assertTrue(checked > 0, "no state has the fault at pgmap_request_folios");
    }

    /**
     * Any step, not only the activation, that takes a pgmap reference after percpu_ref_kill
     * breaks memmap-lifetime: here a user design whose free path takes one. pin-kill under
     * mainline puts the pin to 0 while the pgmap is live, so the state is set to dying by hand.
     */
    @Test
    void aFreeTakingAPgmapReferenceAfterKillIsFound() {
        Scenario sc = Scenarios.named("pin-kill");
        Design takesRef = new Mainline() {
            @Override
            public Kernel freed(Kernel k, int f) {
                return k.withPgmap(k.pgmap().withRef(k.pgmap().ref() + 1));
            }
        };
        int checked = 0;
        for (State s : PreRemoveTest.reachable(sc, new Mainline())) {
            for (int t = 0; t < s.threads().size(); t++) {
                if (s.thread(t).pc() != Program.FREE || s.kernel().pgmap().life() != Pgmap.Life.LIVE) {
                    continue;
                }
                Kernel k = s.kernel();
                State dying = new State(k.withPgmap(k.pgmap().withLife(Pgmap.Life.DYING)), s.threads());
                List<String> found = found(sc, takesRef, dying, t);
                assertEquals(List.of("free_zone_device_folio breaks memmap-lifetime: free_zone_device_folio takes a"
                        + " pgmap reference after percpu_ref_kill (pgmap dying, ref now " + (k.pgmap().ref() + 1) + ")"),
                        found, dying.toString());
                assertEquals(List.of("free_zone_device_folio breaks null"), found(sc, takesRef, s, t), "while live it is fine");
                checked++;
            }
        }
        assertTrue(checked > 0, "no state has a thread in free_zone_device_folio");
    }

    /**
     * request-folios' second half is a {@code percpu_ref_tryget}: on a killed ref it takes a
     * reference while the count is above 0, which memmap-lifetime reports, and takes none
     * at 0, which leaves the folio without one (nothing to report at this step).
     */
    @Test
    void theActivationsTrygetOnAKilledRef() {
        int checked = 0;
        for (State s : atActivation()) {
            Kernel k = s.kernel();
            if (k.pgmap().life() != Pgmap.Life.LIVE || k.folio(s.thread(FAULT).folio()).refcount() != 1) {
                continue;
            }
            State above = new State(k.withPgmap(k.pgmap().withLife(Pgmap.Life.DYING).withRef(1)), s.threads());
            List<PreRemoveTest.Offer> taken = PreRemoveTest.offers(FAULT_KILL, REQUEST_FOLIOS, above, FAULT);
            assertEquals(1, taken.size(), taken.toString());
            assertEquals("memmap-lifetime: pgmap_request_folios takes a pgmap reference after percpu_ref_kill"
                    + " (pgmap dying, ref now 2)", taken.get(0).violation());
            State zero = new State(k.withPgmap(k.pgmap().withLife(Pgmap.Life.DYING).withRef(0)), s.threads());
            List<PreRemoveTest.Offer> none = PreRemoveTest.offers(FAULT_KILL, REQUEST_FOLIOS, zero, FAULT);
            assertEquals(1, none.size(), none.toString());
            assertEquals(null, none.get(0).violation());
            assertEquals(0, none.get(0).next().kernel().pgmap().ref(), "the tryget failed");
            checked++;
        }
        assertTrue(checked > 0, "no state has the fault at pgmap_request_folios with the folio at 1");
    }
}
