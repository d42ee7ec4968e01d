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
     * {@code labels} with its {@code zap_pte_range} replaced by the zaps of each level a fault
     * of file A in {@code sc} can map mm A at ({@link Fault#mmALevels}), with PTEs also where
     * {@code ptes} (a child's copies) and where nothing maps.
     */
    static List<String> withZaps(List<String> labels, Design d, Scenario sc, boolean ptes) {
        java.util.Set<Level> levels = Fault.mmALevels(d, sc, Kernel.NONE);
        if (ptes || levels.isEmpty()) {
            levels.add(Level.PTE);
        }
        List<String> l = new java.util.ArrayList<>(labels);
        int at = l.indexOf("zap_pte_range");
        l.remove(at);
        for (Level x : levels) {
            l.add(at++, zapLabel(x));
        }
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
