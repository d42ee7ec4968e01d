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
 * Steps may also break {@code memmap-lifetime}, {@code compound-at-zero} and
 * {@code gup-fast-order} themselves (touching a freed struct page, or taking a pgmap
 * reference after {@code percpu_ref_kill}; building or splitting a
 * compound folio above 0, or an association changed by another file's fault or truncate
 * between {@code dax_associate_entry}'s test and its update; scanning for busy pages before
 * the unmap).
 *
 * <p>Each invariant is a loop over one kind of part (folios, page-table entries, threads)
 * asking one question of each part; the questions are small methods of their own, which
 * {@link #allHold} asks of every part in one pass: the checker tries that first, for
 * every new state, and names the broken invariant only when it is false.
 */
public final class Invariants {
    private Invariants() { }

    /** The invariants under design {@code d}, in a fixed order. */
    public static List<Property<State>> all(Design d) {
        return List.of(
                Property.always("refcount-accounts",
                        "refcount = idle + references of normal entries + the design's own (request-folios: one per DAX entry)"
                                + " + GUP and transient refs + pins x 1024 (large: pins, and _pincount = pins); never below idle",
                        s -> refcountAccounts(s, d) == null, s -> refcountAccounts(s, d)),
                Property.always("mapcount-matches",
                        "mapcount equals the number of normal page-table entries mapping the folio, _entire_mapcount the"
                                + " PMD and PUD ones among them",
                        s -> mapcountMatches(s, d) == null, s -> mapcountMatches(s, d)),
                Property.always("special-holds-nothing",
                        "a special or devmap entry holds no reference and no mapcount; a normal entry holds one of each",
                        s -> specialHoldsNothing(s, d) == null, s -> specialHoldsNothing(s, d)),
                Property.always("no-free-while-busy",
                        "a block is freed or reused only when no page-table entry maps it and no pin holds it",
                        s -> noFreeWhileBusy(s) == null, Invariants::noFreeWhileBusy),
                Property.always("idle-wakes-waiter",
                        "every transition to idle wakes the truncate waiter on the key it sleeps on",
                        s -> idleWakesWaiter(s, d) == null, s -> idleWakesWaiter(s, d)),
                Property.always("memmap-lifetime",
                        "no struct page is touched after pageunmap_range, none is above idle when it runs,"
                                + " pgmap references are taken only while live, pgmap->ref >= 0",
                        s -> memmapLifetime(s, d) == null, s -> memmapLifetime(s, d)),
                Property.always("compound-at-zero",
                        "compound folios are built and split only at refcount 0, and mapping/share change only under the"
                                + " entry lock (checked by the dax_folio_init, dax_associate_entry and dax_folio_put steps)",
                        s -> compoundAtZero(s) == null, Invariants::compoundAtZero),
                Property.always("mapping-levels",
                        "a PUD folio is mapped by one PUD entry or by PTEs, never by a PMD",
                        s -> mappingLevels(s) == null, Invariants::mappingLevels),
                Property.always("no-longterm-dax-pin",
                        "FOLL_LONGTERM pins of FS DAX pages fail",
                        s -> noLongtermDaxPin(s) == null, Invariants::noLongtermDaxPin),
                Property.always("gup-fast-order",
                        "GUP-fast returns a pin only if its entry still maps the folio after the grab;"
                                + " truncate scans for busy pages only after the unmap",
                        s -> gupFastOrder(s) == null, Invariants::gupFastOrder));
    }

    /**
     * Whether every invariant of {@link #all} holds in {@code s}: the same questions, each
     * part read once. The checker runs this on every new state instead of the ten tests
     * (about a tenth less time on {@code stress}); {@code InvariantScreenTest} pins that it
     * agrees with them on every reachable state of every built-in scenario (not the larger
     * {@code stress-N}) under every built-in design.
     */
    public static boolean allHold(State s, Design d) {
        Kernel k = s.kernel();
        if (k.pgmap().ref() < 0) {
            return false;
        }
        boolean memmapFreed = memmapFreed(k, d);
        List<Pte> ptes = k.ptes();
        for (int i = 0; i < ptes.size(); i++) {
            Pte e = ptes.get(i);
            if (entryHoldsWrongly(e, d) || mapsBlockItLost(k, e) || pmdOfPudFolio(k, e)) {
                return false;
            }
        }
        List<Local> threads = s.threads();
        for (int t = 0; t < threads.size(); t++) {
            Local l = threads.get(t);
            if (pinOnLostBlock(k, l) || memmapFreed && holdsFolio(l) || longtermPin(k, l) || stalePin(l)
                    || wakeUpLost(s, d, l)) {
                return false;
            }
        }
        for (int f = 0; f < k.folios().size(); f++) {
            if (!refcountBalanced(s, d, f) || !mapcountBalanced(k, d, f) || compoundAtOrder0(k.folio(f))) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------ folios

    /** refcount-accounts: null when it holds, else the values that break it. */
    static String refcountAccounts(State s, Design d) {
        Kernel k = s.kernel();
        for (int f = 0; f < k.folios().size(); f++) {
            if (refcountBalanced(s, d, f)) {
                continue;
            }
            Folio fo = k.folio(f);
            int pins = pinsHeld(s, f);
            if (fo.refcount() != expectedRefcount(s, d, f) || fo.refcount() < d.idle(k, f)) {
                return "folio" + f + ": refcount " + fo.refcount() + " but idle " + d.idle(k, f) + " + mappings "
                        + normalEntries(k, d, f) + " + extra " + d.extraReferences(k, f) + " + held "
                        + refsHeld(s, f) + " + pins " + pins + " = " + expectedRefcount(s, d, f);
            }
            return "folio" + f + ": pincount " + fo.pincount() + " but " + pins + " pins held";
        }
        return null;
    }

    /** Whether folio {@code f}'s refcount (and a large folio's pincount) is what its holders account for. */
    static boolean refcountBalanced(State s, Design d, int f) {
        if (!d.hasPages()) {
            return true;
        }
        Kernel k = s.kernel();
        Folio fo = k.folio(f);
        return fo.refcount() == expectedRefcount(s, d, f) && fo.refcount() >= d.idle(k, f)
                && (!fo.large() || fo.pincount() == pinsHeld(s, f));
    }

    /** Idle + normal entries + the design's extra references + threads' references + their pins. */
    private static int expectedRefcount(State s, Design d, int f) {
        Kernel k = s.kernel();
        int pins = pinsHeld(s, f);
        return d.idle(k, f) + normalEntries(k, d, f) + d.extraReferences(k, f) + refsHeld(s, f)
                + (k.folio(f).large() ? pins : pins * Folio.GUP_PIN_COUNTING_BIAS);
    }

    /** Plain references threads hold on folio {@code f}. */
    private static int refsHeld(State s, int f) {
        int held = 0;
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            held += l.folio() == f ? l.refs() : 0;
        }
        return held;
    }

    /** Pins threads hold on folio {@code f}. */
    private static int pinsHeld(State s, int f) {
        int pins = 0;
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            pins += l.folio() == f ? l.pins() : 0;
        }
        return pins;
    }

    /** Entries mapping folio {@code f} that hold a reference and a mapcount (none where no entry does). */
    private static int normalEntries(Kernel k, Design d, int f) {
        int n = 0;
        for (int i = 0; i < k.ptes().size() && d.mappingsHoldReferences(); i++) {
            Pte e = k.ptes().get(i);
            n += e.folio() == f && e.normal() ? 1 : 0;
        }
        return n;
    }

    /** Of those, the PMD and PUD entries. */
    private static int wholeEntries(Kernel k, Design d, int f) {
        int n = 0;
        for (int i = 0; i < k.ptes().size() && d.mappingsHoldReferences(); i++) {
            Pte e = k.ptes().get(i);
            n += e.folio() == f && e.normal() && e.level() != Level.PTE ? 1 : 0;
        }
        return n;
    }

    /** mapcount-matches: null when it holds. */
    static String mapcountMatches(State s, Design d) {
        Kernel k = s.kernel();
        for (int f = 0; f < k.folios().size(); f++) {
            if (!mapcountBalanced(k, d, f)) {
                Folio fo = k.folio(f);
                return "folio" + f + ": mapcount " + fo.mapcount() + " (entire " + fo.entire() + ") but "
                        + normalEntries(k, d, f) + " normal entries (" + wholeEntries(k, d, f) + " PMD/PUD)";
            }
        }
        return null;
    }

    private static boolean mapcountBalanced(Kernel k, Design d, int f) {
        Folio fo = k.folio(f);
        return fo.mapcount() == normalEntries(k, d, f) && fo.entire() == wholeEntries(k, d, f);
    }

    /** compound-at-zero (state part): only large folios are compound. */
    static String compoundAtZero(State s) {
        Kernel k = s.kernel();
        for (int f = 0; f < k.folios().size(); f++) {
            if (compoundAtOrder0(k.folio(f))) {
                return "folio" + f + " is compound at order 0";
            }
        }
        return null;
    }

    private static boolean compoundAtOrder0(Folio fo) {
        return fo.compound() && !fo.large();
    }

    // ------------------------------------------------------------ page-table entries

    /** special-holds-nothing: null when it holds. */
    static String specialHoldsNothing(State s, Design d) {
        List<Pte> ptes = s.kernel().ptes();
        for (int i = 0; i < ptes.size(); i++) {
            Pte e = ptes.get(i);
            if (!entryHoldsWrongly(e, d)) {
                continue;
            }
            if (!e.normal()) {
                return e.where() + " is " + (e.special() ? "special" : "devmap")
                        + " but its insert took a reference and a mapcount on folio" + e.folio();
            }
            return e.where() + " is normal, so a zap puts a reference and a mapcount of folio" + e.folio() + ", but "
                    + (e.refd() ? "the design's mappings hold none" : "its insert took none");
        }
        return null;
    }

    /**
     * Whether entry {@code e} holds what its kind says it must not, or lacks what it must: a
     * special or devmap entry nothing, a normal one a reference and a mapcount, which a
     * design whose mappings hold no references cannot give it.
     */
    private static boolean entryHoldsWrongly(Pte e, Design d) {
        return e.normal() ? !e.refd() || !d.mappingsHoldReferences() : e.refd();
    }

    /** no-free-while-busy: null when it holds. */
    static String noFreeWhileBusy(State s) {
        Kernel k = s.kernel();
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            if (pinOnLostBlock(k, l)) {
                return "block" + l.folio() + " is " + owner(k.owner(l.folio()))
                        + " while a DMA pin taken through file A holds folio" + l.folio();
            }
        }
        for (int i = 0; i < k.ptes().size(); i++) {
            Pte e = k.ptes().get(i);
            if (mapsBlockItLost(k, e)) {
                return "block" + e.folio() + " is " + owner(k.owner(e.folio())) + " while " + e.where()
                        + " still maps it";
            }
        }
        return null;
    }

    /** Whether entry {@code e} maps a block its file no longer owns. */
    private static boolean mapsBlockItLost(Kernel k, Pte e) {
        return !k.owns(e.file(), e.folio());
    }

    static String owner(int o) {
        return o == Kernel.FREE ? "free" : o == Kernel.FILE_A ? "file A's" : o == Kernel.FILE_B ? "file B's"
                : "shared by files A and B";
    }

    /** mapping-levels: null when it holds. */
    static String mappingLevels(State s) {
        Kernel k = s.kernel();
        for (int i = 0; i < k.ptes().size(); i++) {
            Pte e = k.ptes().get(i);
            if (pmdOfPudFolio(k, e)) {
                return e.where() + " maps part of PUD folio" + e.folio();
            }
        }
        return null;
    }

    private static boolean pmdOfPudFolio(Kernel k, Pte e) {
        return e.level() == Level.PMD && k.folio(e.folio()).order() == Level.PUD;
    }

    // ------------------------------------------------------------ threads

    /** Whether thread {@code l} holds a DMA pin on a block file A no longer owns. */
    private static boolean pinOnLostBlock(Kernel k, Local l) {
        return l.has(Local.PINNED) && !k.owns(Kernel.FILE_A, l.folio());
    }

    /** idle-wakes-waiter: null when it holds. */
    static String idleWakesWaiter(State s, Design d) {
        Kernel k = s.kernel();
        for (int u = 0; u < s.threads().size(); u++) {
            Local w = s.thread(u);
            if (wakeUpLost(s, d, w)) {
                return "folio" + w.folio() + " is idle (refcount " + k.folio(w.folio()).refcount()
                        + ") but its waiter sleeps on " + d.sleepKey() + " with no wake-up on the way";
            }
        }
        return null;
    }

    /** Whether {@code w} sleeps, unwoken, on a folio that is idle, and no thread is about to wake it. */
    private static boolean wakeUpLost(State s, Design d, Local w) {
        if (!w.has(Local.SLEEPING) || w.has(Local.WOKEN) || !d.idleForWaiter(s.kernel(), w.folio())) {
            return false;
        }
        for (int t = 0; t < s.threads().size(); t++) {
            if (Program.wakePending(s.thread(t), w.folio(), d) && d.wakeKey() == d.sleepKey()) {
                return false;
            }
        }
        return true;
    }

    /** memmap-lifetime (state part): null when it holds. */
    static String memmapLifetime(State s, Design d) {
        Kernel k = s.kernel();
        if (k.pgmap().ref() < 0) {
            return "pgmap->ref underflow: " + k.pgmap().ref();
        }
        for (int t = 0; t < s.threads().size() && memmapFreed(k, d); t++) {
            Local l = s.thread(t);
            if (holdsFolio(l)) {
                return "a thread holds " + (l.pins() > 0 ? "a pin" : "a reference") + " on folio" + l.folio()
                        + " after pageunmap_range freed the memmap";
            }
        }
        return null;
    }

    /** Whether pageunmap_range has freed struct pages (a design without pages has none to free). */
    private static boolean memmapFreed(Kernel k, Design d) {
        return k.pgmap().life() == Pgmap.Life.DEAD && d.hasPages();
    }

    private static boolean holdsFolio(Local l) {
        return l.folio() != Kernel.NONE && (l.pins() > 0 || l.refs() > 0);
    }

    /** no-longterm-dax-pin: null when it holds. */
    static String noLongtermDaxPin(State s) {
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            if (longtermPin(s.kernel(), l)) {
                return "a FOLL_LONGTERM pin holds FS DAX folio" + l.folio();
            }
        }
        return null;
    }

    /** A FOLL_LONGTERM pin held on FS DAX (device-dax grants them: {@code Pgmap.generic}). */
    private static boolean longtermPin(Kernel k, Local l) {
        return l.has(Local.PINNED) && l.has(Local.LONGTERM) && !k.pgmap().generic();
    }

    /** gup-fast-order: null when it holds. */
    static String gupFastOrder(State s) {
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            if (stalePin(l)) {
                return "GUP-fast returned a pin on folio" + l.folio()
                        + " although the entry it read no longer maps it";
            }
        }
        return null;
    }

    private static boolean stalePin(Local l) {
        return l.has(Local.PINNED) && l.has(Local.STALE);
    }
}
