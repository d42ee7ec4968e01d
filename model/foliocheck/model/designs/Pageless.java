package foliocheck.model.designs;

import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Mainline;
import foliocheck.model.Pte;

/**
 * {@code CONFIG_FS_DAX_LIMITED}: DAX without struct pages (pfn_t only). Mappings are
 * special pfn entries; no folio exists to count, so GUP, fork and direct I/O on DAX
 * mappings fail. It cannot break a refcount invariant, and it cannot pin at all: the
 * checker reports the unreachable pin witness instead of a pass.
 */
public class Pageless extends Mainline {
    @Override
    public String name() {
        return "pageless";
    }

    @Override
    public String doc() {
        return "CONFIG_FS_DAX_LIMITED: no struct pages, special pfn mappings, GUP always fails";
    }

    @Override
    public boolean hasPages() {
        return false;
    }

    @Override
    public Kernel associate(Kernel k, int f, int file, int index) {
        return k;
    }

    @Override
    public Kernel disassociate(Kernel k, int f) {
        return k;
    }

    @Override
    public String associateViolation(Kernel k, int f) {
        return null;
    }

    @Override
    public String disassociateViolation(Kernel k, int f) {
        return null;
    }

    @Override
    public Kernel insert(Kernel k, int mm, int slot, Level level, int f) {
        return k.withPte(new Pte(mm, slot, level, f, true, false, false));
    }

    @Override
    public String insertLabel(Level level) {
        return level == Level.PTE ? "vmf_insert_mixed" : "vmf_insert_pfn_" + level.word();
    }

    @Override
    public boolean busy(Kernel k, int f) {
        return false;
    }

    /** No struct pages to share; the s390 {@code dcssblk} device it serves carries ext2, which has no reflink. */
    @Override
    public boolean reflinksDax() {
        return false;
    }
}
