package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Design;
import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Mainline;
import foliocheck.model.Pte;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;
import foliocheck.model.designs.Legacy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two invariants no built-in design breaks, idle-wakes-waiter and no-longterm-dax-pin,
 * broken on purpose by a one-method change of mainline (a proposal could make either): each
 * is found, with a trace that ends where it should, and mainline keeps it. Likewise a
 * normal entry that holds nothing, which no built-in design inserts.
 */
class InvariantsCanFailTest {

    private static Result<State> check(String scenario, Design d) {
        Scenario sc = Scenarios.named(scenario);
        return Checker.of(new FolioModel(sc, d)).run();
    }

    private static List<String> labels(Trace<State> t) {
        return t.steps().stream().map(Trace.Step::label).toList();
    }

    /** The free path wakes &folio->_refcount while truncate sleeps on &folio->page. */
    @Test
    void aWakeUpOnTheWrongKeyIsLost() {
        Design wrongKey = new Mainline() {
            @Override
            public Design.Key wakeKey() {
                return Design.Key.REFCOUNT;
            }
        };
        Result<State> r = check("pin-truncate", wrongKey);
        Outcome<State> o = r.outcome("idle-wakes-waiter");
        assertEquals(Outcome.Status.VIOLATED, o.status(), r.outcomes().toString());
        Trace<State> t = o.trace();
        State last = t.last();
        int truncate = thread("pin-truncate", "truncate");
        assertTrue(last.thread(truncate).has(foliocheck.model.Local.SLEEPING), "truncate sleeps at the end: " + last);
        assertEquals(0, last.kernel().folio(0).refcount(), "the folio is idle: " + last);
        assertTrue(o.detail().contains("sleeps on PAGE"), o.detail());
        // truncate sleeps; GUP-fast's re-check then finds the entry gone and its put, taking
        // the folio to 0, ends the trace: no wake-up is on the way to the key truncate sleeps on
        List<String> l = labels(t);
        assertEquals(List.of("___wait_var_event", "gup_fast_pte_range", "gup_put_folio"), l.subList(l.size() - 3, l.size()));
        assertEquals(truncate, t.steps().get(l.size() - 3).thread());
        assertEquals(Outcome.Status.HOLDS, check("pin-truncate", new Mainline()).outcome("idle-wakes-waiter").status());
    }

    /** check_vma_flags lets a FOLL_LONGTERM pin of FS DAX through, as before get_user_pages_longterm (4.15). */
    @Test
    void aLongtermPinOfFsDaxIsFound() {
        Design grants = new Mainline() {
            @Override
            public boolean refusesLongtermPins() {
                return false;
            }
        };
        Result<State> r = check("longterm-pin", grants);
        Outcome<State> o = r.outcome("no-longterm-dax-pin");
        assertEquals(Outcome.Status.VIOLATED, o.status(), r.outcomes().toString());
        Trace<State> t = o.trace();
        int pin = thread("longterm-pin", "pin");
        assertEquals(pin, t.steps().get(t.steps().size() - 1).thread(), "the pin's own step ends the trace");
        assertTrue(t.last().thread(pin).has(foliocheck.model.Local.PINNED), t.last().toString());
        assertTrue(o.detail().startsWith("a FOLL_LONGTERM pin holds FS DAX folio"), o.detail());
        assertEquals(Outcome.Status.HOLDS, check("longterm-pin", new Mainline()).outcome("no-longterm-dax-pin").status());
    }

    /**
     * legacy with its devmap insert turned into a normal one: a zap puts a reference and a
     * mapcount of whatever {@code vm_normal_page} finds, so a normal entry must hold one of
     * each. Found at the fault's insert, both when the insert takes nothing and when it
     * takes them in a design whose mappings hold no references.
     */
    @Test
    void aNormalEntryHoldingNothingIsFound() {
        Design plainInsert = new Legacy() {
            @Override
            public Kernel insert(Kernel k, int mm, int slot, Level level, int f) {
                return k.withPte(new Pte(mm, slot, level, f, false, false, false));
            }
        };
        Design countedInsert = new Legacy() {
            @Override
            public Kernel insert(Kernel k, int mm, int slot, Level level, int f) {
                Folio fo = k.folio(f);
                return k.withFolio(f, fo.withRefcount(fo.refcount() + 1).withMapcount(fo.mapcount() + 1, fo.entire()))
                        .withPte(new Pte(mm, slot, level, f, false, false, true));
            }
        };
        for (Design d : List.of(plainInsert, countedInsert)) {
            Result<State> r = check("pin-truncate", d);
            Outcome<State> o = r.outcome("special-holds-nothing");
            assertEquals(Outcome.Status.VIOLATED, o.status(), r.outcomes().toString());
            List<String> l = labels(o.trace());
            assertEquals("vmf_insert_mixed_mkwrite", l.get(l.size() - 1), l.toString());
            assertTrue(o.detail().startsWith("pte[A:0] is normal, so a zap puts a reference and a mapcount of folio0, but "
                    + (d == plainInsert ? "its insert took none" : "the design's mappings hold none")), o.detail());
        }
        assertEquals(Result.Verdict.HOLDS, check("pin-truncate", new Legacy()).verdict());
    }

    private static int thread(String scenario, String name) {
        List<String> names = new FolioModel(Scenarios.named(scenario), new Mainline()).threadNames();
        int i = names.indexOf(name);
        assertTrue(i >= 0, name + " in " + names);
        return i;
    }
}
