package foliocheck.model.designs;

import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Mainline;
import foliocheck.model.Pte;

/**
 * Bug variant of {@code mainline}: {@code vmf_insert_folio_pmd} takes a reference and a
 * mapcount but marks the PMD special, so {@code zap_huge_pmd} never drops them (fixed by
 * "mm/huge_memory: don't mark refcounted folios special in vmf_insert_folio_pmd()").
 */
public class SpecialRefcountedPmd extends Mainline {
    @Override
    public String name() {
        return "special-refcounted-pmd";
    }

    @Override
    public String doc() {
        return "bug: vmf_insert_folio_pmd takes a reference but marks the PMD special";
    }

    @Override
    public Kernel insert(Kernel k, int mm, int slot, Level level, int f) {
        if (level != Level.PMD) {
            return super.insert(k, mm, slot, level, f);
        }
        Folio fo = k.folio(f);
        fo = fo.withRefcount(fo.refcount() + 1).withMapcount(fo.mapcount() + 1, fo.entire() + 1);
        return k.withFolio(f, fo).withPte(new Pte(mm, slot, level, f, true, false, true));
    }
}
