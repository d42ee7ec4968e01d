package foliocheck.model;

import java.util.List;

/**
 * The zap loop shared by truncate, munmap and the filesystem's pre-remove notification:
 * clear one present entry of an mm ({@code zap_pte_range}, {@code zap_huge_pmd},
 * {@code zap_huge_pud}, which call {@code folio_remove_rmap_*}), then drop the references it
 * held in {@code folios_put_refs} ({@code tlb_finish_mmu}). One entry per round: the
 * mmu_gather batch of the kernel is not modelled.
 */
final class Unmapper {
    private Unmapper() { }

    /**
     * The zaps of mm A's entries in scenario {@code sc} under {@code d}: one for each level a
     * fault of file A can map at ({@link Fault#mapsAt}), {@code zap_pte_range} if none can.
     */
    static List<String> zapLabels(Design d, Scenario sc) {
        java.util.Set<Level> at = java.util.EnumSet.noneOf(Level.class);
        for (Program p : sc.programs()) {
            Level l = p instanceof Fault f && !f.onFileB() ? f.mapsAt(d, sc) : null;
            if (l != null) {
                at.add(l);
            }
        }
        if (at.isEmpty()) {
            at.add(Level.PTE);
        }
        List<String> l = new java.util.ArrayList<>();
        for (Level x : at) {
            l.add(zapLabel(x));
        }
        return l;
    }

    /** {@code labels} with its {@code zap_pte_range} replaced by {@link #zapLabels}. */
    static List<String> withZaps(List<String> labels, Design d, Scenario sc) {
        List<String> l = new java.util.ArrayList<>(labels);
        int at = l.indexOf("zap_pte_range");
        l.remove(at);
        l.addAll(at, zapLabels(d, sc));
        return l;
    }

    static String zapLabel(Level l) {
        return switch (l) {
            case PTE -> "zap_pte_range";
            case PMD -> "zap_huge_pmd";
            case PUD -> "zap_huge_pud";
        };
    }

    /** Zaps {@code e}; the thread continues at {@code putRefs} if references are left to drop, else {@code again}. */
    static void zap(Program.Ctx c, Pte e, int putRefs, int again) {
        Kernel k2 = c.d.zap(c.k, e);
        int refs = c.d.zapDeferredRefs(e);
        Local l = c.me.withFolio(e.folio()).withRefs(refs).set(Local.ZAPPED).at(refs > 0 ? putRefs : again);
        String uaf = e.normal() ? c.touch(e.folio(), zapLabel(e.level())) : null;
        c.goTouching(zapLabel(e.level()), k2, l, uaf);
    }

    /** {@code folios_put_refs} of what the last zap left, then back to {@code again}. */
    static void putRefs(Program.Ctx c, int again) {
        c.put("folios_put_refs", c.me.folio(), c.me.refs(), 0, c.me.withRefs(0), again);
    }
}
