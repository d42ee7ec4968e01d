package foliocheck.properties;

import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.Pgmap;
import foliocheck.model.Program;
import foliocheck.model.Pte;
import foliocheck.model.State;
import java.util.List;

/**
 * The invariants of the folio model, one named predicate each, evaluated over every folio
 * of every reachable state. Names and docs appear in every trace that violates them.
 * Steps may also break {@code memmap-lifetime} and {@code compound-at-zero} themselves
 * (touching a freed struct page; building or splitting a compound folio above 0).
 */
public final class Invariants {
    private Invariants() { }

    /** The invariants under design {@code d}, in a fixed order. */
    public static List<Property<State>> all(Design d) {
        return List.of(
                Property.always("refcount-accounts",
                        "refcount = idle + references of non-special entries + GUP refs + pins x 1024 (large: pins) + transient refs",
                        s -> refcountAccounts(s, d) == null, s -> refcountAccounts(s, d)),
                Property.always("mapcount-matches",
                        "mapcount equals the number of normal page-table entries mapping the folio",
                        s -> mapcountMatches(s, d) == null, s -> mapcountMatches(s, d)),
                Property.always("special-holds-nothing",
                        "a special or devmap entry holds no reference and no mapcount; a normal entry holds one of each",
                        s -> specialHoldsNothing(s) == null, Invariants::specialHoldsNothing),
                Property.always("no-free-while-busy",
                        "a block is freed or reused only when no page-table entry maps it and no pin holds it",
                        s -> noFreeWhileBusy(s) == null, Invariants::noFreeWhileBusy),
                Property.always("idle-wakes-waiter",
                        "every transition to idle wakes the truncate waiter on the key it sleeps on",
                        s -> idleWakesWaiter(s, d) == null, s -> idleWakesWaiter(s, d)),
                Property.always("memmap-lifetime",
                        "no struct page is touched after pageunmap_range, none is above idle when it runs, pgmap->ref >= 0",
                        s -> memmapLifetime(s, d) == null, s -> memmapLifetime(s, d)),
                Property.always("compound-at-zero",
                        "compound folios are built and split only at refcount 0 (checked by dax_folio_init/dax_folio_put steps)",
                        s -> compoundAtZero(s) == null, Invariants::compoundAtZero),
                Property.always("mapping-levels",
                        "a PUD folio is mapped by one PUD entry or by PTEs, never by a PMD",
                        s -> mappingLevels(s) == null, Invariants::mappingLevels),
                Property.always("no-longterm-dax-pin",
                        "FOLL_LONGTERM pins of FS DAX pages fail",
                        s -> noLongtermDaxPin(s) == null, Invariants::noLongtermDaxPin),
                Property.always("gup-fast-order",
                        "GUP-fast returns a pin only if the entry it read still mapped the folio after the grab",
                        s -> gupFastOrder(s) == null, Invariants::gupFastOrder));
    }

    /** refcount-accounts: null when it holds, else the values that break it. */
    static String refcountAccounts(State s, Design d) {
        Kernel k = s.kernel();
        if (!d.hasPages()) {
            return null;
        }
        for (int f = 0; f < k.folios().size(); f++) {
            Folio fo = k.folio(f);
            int idle = d.idle(k, f);
            int mapped = 0;
            if (d.mappingsHoldReferences()) {
                for (int i = 0; i < k.ptes().size(); i++) {
                    Pte e = k.ptes().get(i);
                    if (e.folio() == f && e.normal()) {
                        mapped++;
                    }
                }
            }
            int held = 0;
            int pins = 0;
            for (int t = 0; t < s.threads().size(); t++) {
                Local l = s.thread(t);
                if (l.folio() == f) {
                    held += l.refs();
                    pins += l.pins();
                }
            }
            int expected = idle + mapped + d.extraReferences(k, f) + held
                    + (fo.large() ? pins : pins * Folio.GUP_PIN_COUNTING_BIAS);
            if (fo.refcount() != expected || fo.refcount() < idle) {
                return "folio" + f + ": refcount " + fo.refcount() + " but idle " + idle + " + mappings " + mapped
                        + " + extra " + d.extraReferences(k, f) + " + held " + held + " + pins " + pins
                        + " = " + expected;
            }
            if (fo.large() && fo.pincount() != pins) {
                return "folio" + f + ": pincount " + fo.pincount() + " but " + pins + " pins held";
            }
        }
        return null;
    }

    /** mapcount-matches: null when it holds. */
    static String mapcountMatches(State s, Design d) {
        Kernel k = s.kernel();
        for (int f = 0; f < k.folios().size(); f++) {
            int all = 0;
            int whole = 0;
            for (int i = 0; i < k.ptes().size(); i++) {
                Pte e = k.ptes().get(i);
                if (e.folio() == f && e.normal() && d.mappingsHoldReferences()) {
                    all++;
                    whole += e.level() == Level.PTE ? 0 : 1;
                }
            }
            Folio fo = k.folio(f);
            if (fo.mapcount() != all || fo.entire() != whole) {
                return "folio" + f + ": mapcount " + fo.mapcount() + " (entire " + fo.entire() + ") but "
                        + all + " normal entries (" + whole + " PMD/PUD)";
            }
        }
        return null;
    }

    /** special-holds-nothing: null when it holds. */
    static String specialHoldsNothing(State s) {
        List<Pte> ptes = s.kernel().ptes();
        for (int i = 0; i < ptes.size(); i++) {
            Pte e = ptes.get(i);
            if (!e.normal() && e.refd()) {
                return e.where() + " is " + (e.special() ? "special" : "devmap")
                        + " but its insert took a reference and a mapcount on folio" + e.folio();
            }
        }
        return null;
    }

    /** no-free-while-busy: null when it holds. */
    static String noFreeWhileBusy(State s) {
        Kernel k = s.kernel();
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            if (l.has(Local.PINNED) && k.owner(l.folio()) != Kernel.FILE_A) {
                return "block" + l.folio() + " is " + owner(k.owner(l.folio()))
                        + " while a DMA pin taken through file A holds folio" + l.folio();
            }
        }
        for (int i = 0; i < k.ptes().size(); i++) {
            Pte e = k.ptes().get(i);
            int file = e.mm() == Kernel.MM_A ? Kernel.FILE_A : Kernel.FILE_B;
            if (k.owner(e.folio()) != file) {
                return "block" + e.folio() + " is " + owner(k.owner(e.folio())) + " while " + e.where()
                        + " still maps it";
            }
        }
        return null;
    }

    static String owner(int o) {
        return o == Kernel.FREE ? "free" : o == Kernel.FILE_A ? "file A's" : "file B's";
    }

    /** idle-wakes-waiter: null when it holds. */
    static String idleWakesWaiter(State s, Design d) {
        Kernel k = s.kernel();
        for (int u = 0; u < s.threads().size(); u++) {
            Local w = s.thread(u);
            if (!w.has(Local.SLEEPING) || w.has(Local.WOKEN) || !d.idleForWaiter(k, w.folio())) {
                continue;
            }
            boolean pending = false;
            for (int t = 0; t < s.threads().size(); t++) {
                Local l = s.thread(t);
                pending |= Program.wakePending(l, w.folio(), d) && d.wakeKey() == d.sleepKey();
            }
            if (!pending) {
                return "folio" + w.folio() + " is idle (refcount " + k.folio(w.folio()).refcount()
                        + ") but its waiter sleeps on " + d.sleepKey() + " with no wake-up on the way";
            }
        }
        return null;
    }

    /** memmap-lifetime (state part): null when it holds. */
    static String memmapLifetime(State s, Design d) {
        Kernel k = s.kernel();
        if (k.pgmap().ref() < 0) {
            return "pgmap->ref underflow: " + k.pgmap().ref();
        }
        if (k.pgmap().life() != Pgmap.Life.DEAD || !d.hasPages()) {
            return null;
        }
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            if (l.folio() != Kernel.NONE && (l.pins() > 0 || l.refs() > 0)) {
                return "a thread holds " + (l.pins() > 0 ? "a pin" : "a reference") + " on folio" + l.folio()
                        + " after pageunmap_range freed the memmap";
            }
        }
        return null;
    }

    /** compound-at-zero (state part): only large folios are compound. */
    static String compoundAtZero(State s) {
        Kernel k = s.kernel();
        for (int f = 0; f < k.folios().size(); f++) {
            if (k.folio(f).compound() && !k.folio(f).large()) {
                return "folio" + f + " is compound at order 0";
            }
        }
        return null;
    }

    /** mapping-levels: null when it holds. */
    static String mappingLevels(State s) {
        Kernel k = s.kernel();
        for (int i = 0; i < k.ptes().size(); i++) {
            Pte e = k.ptes().get(i);
            if (e.level() == Level.PMD && k.folio(e.folio()).order() == Level.PUD) {
                return e.where() + " maps part of PUD folio" + e.folio();
            }
        }
        return null;
    }

    /** no-longterm-dax-pin: null when it holds. */
    static String noLongtermDaxPin(State s) {
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            if (l.has(Local.PINNED) && l.has(Local.LONGTERM)) {
                return "a FOLL_LONGTERM pin holds FS DAX folio" + l.folio();
            }
        }
        return null;
    }

    /** gup-fast-order: null when it holds. */
    static String gupFastOrder(State s) {
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            if (l.has(Local.PINNED) && l.has(Local.STALE)) {
                return "GUP-fast returned a pin on folio" + l.folio()
                        + " although the entry it read no longer maps it";
            }
        }
        return null;
    }
}
