package foliocheck.model.designs;

import foliocheck.model.DaxEntry;
import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Mainline;
import foliocheck.model.Pgmap;

/**
 * Proposed October 2022, not merged: "[PATCH v3 10/25] fsdax: Introduce
 * pgmap_request_folios()". {@code dax_associate_entry} calls
 * {@code pgmap_request_folios(pgmap, folio, 1)}: it fails if the pgmap is dying, increments
 * the folio's refcount and then, when the result is 1, takes a pgmap reference (two steps:
 * increment, then test). The DAX entry holds that reference; truncate waits for refcount 1;
 * {@code dax_disassociate_entry} calls {@code pgmap_release_folios}, which puts the folio
 * and puts the pgmap reference only if its own put reached 0. Any other put that reaches 0
 * goes through {@code free_zone_device_folio}, which knows nothing of the pgmap reference.
 */
public class RequestFolios extends Mainline {
    @Override
    public String name() {
        return "request-folios";
    }

    @Override
    public String doc() {
        return "2022 proposal: pgmap_request_folios takes a pgmap ref when a folio's count hits 1";
    }

    @Override
    public int extraReferences(Kernel k, int f) {
        int n = 0;
        for (DaxEntry e : k.entries()) {
            if (e.folio() == f) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean activationRefused(Kernel k, int f) {
        return k.pgmap().life() != Pgmap.Life.LIVE;
    }

    /** {@code pgmap_request_folios}, first half: {@code folio_ref_inc}. */
    @Override
    public Kernel associate(Kernel k, int f, int file, int index) {
        return super.associate(k, f, file, index).withFolioRef(f);
    }

    @Override
    public boolean twoStepActivation() {
        return true;
    }

    /** The activation's {@code folio_ref_inc} already lifts the count off 0 before the insert. */
    @Override
    public boolean faultHoldsFolio() {
        return false;
    }

    /**
     * {@code pgmap_request_folios}, second half: if the count is now 1,
     * {@code percpu_ref_tryget}, which on a killed ref still succeeds while its count is
     * above 0 (only the first half tested {@code percpu_ref_is_dying}) and fails at 0; the
     * patch ignores its result.
     */
    @Override
    public Kernel activateSecondHalf(Kernel k, int f) {
        if (k.folio(f).refcount() == 1 && k.pgmap().ref() > 0) {
            return k.withPgmap(k.pgmap().withRef(k.pgmap().ref() + 1));
        }
        return k;
    }

    /** {@code pgmap_release_folios}: put the folio; put the pgmap reference if that put reached 0. */
    @Override
    public Kernel disassociate(Kernel k, int f) {
        k = super.disassociate(k, f);
        Folio fo = k.folio(f);
        k = k.withFolio(f, fo.withRefcount(fo.refcount() - 1));
        if (fo.refcount() == 1) {
            k = k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1));
        }
        return k;
    }

    @Override
    public boolean busy(Kernel k, int f) {
        Folio fo = k.folio(f);
        return fo.refcount() - fo.mapcount() > 1;
    }

    @Override
    public boolean idleForWaiter(Kernel k, int f) {
        return k.folio(f).refcount() == 1;
    }

    @Override
    public boolean putWakes(Kernel before, Kernel after, int f) {
        return before.folio(f).refcount() > 1 && after.folio(f).refcount() == 1;
    }

    /**
     * The proposal was written against 6.1, where XFS would reflink DAX files but not use DAX
     * on a reflinked inode ({@code xfs_inode_supports_dax}); sharing came in 6.2. How it would
     * count a folio two files share is not in it.
     */
    @Override
    public boolean reflinksDax() {
        return false;
    }
}
