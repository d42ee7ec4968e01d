package foliocheck.model.designs;

import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Mainline;
import foliocheck.model.Pte;

/**
 * Linux 6.0–6.14: FS DAX pages idle at refcount 1; mappings are devmap entries that take
 * no reference and no mapcount ({@code vm_normal_page} returns NULL); GUP takes a pgmap
 * reference first ({@code get_dev_pagemap}); every put goes through
 * {@code put_devmap_managed_folio_refs}, which wakes {@code &folio->_refcount} on 2→1;
 * truncate ({@code xfs_break_dax_layouts}) sleeps on {@code &page->_refcount} until the
 * count is 1; inode eviction does not wait; {@code memunmap_pages} drops the pages' pgmap
 * references at once and waits only for transient {@code get_dev_pagemap} holders. Its
 * unbind notifies the filesystem with {@code MF_MEM_PRE_REMOVE} (see {@link
 * foliocheck.model.PgmapKill}), which arrived in 6.8; {@link Legacy60} has the 6.0–6.7
 * notification, with no freeze and no invalidation of the DAX entries.
 */
public class Legacy extends Mainline {
    @Override
    public String name() {
        return "legacy";
    }

    @Override
    public String doc() {
        return "Linux 6.8-6.14: pages idle at 1, devmap entries hold nothing, teardown ignores pages";
    }

    @Override
    public int idle(Kernel k, int f) {
        return 1;
    }

    @Override
    public boolean mappingsHoldReferences() {
        return false;
    }

    /** Devmap entries take no reference, so {@code dax_fault_iter} needs none around the insert. */
    @Override
    public boolean faultHoldsFolio() {
        return false;
    }

    @Override
    public Kernel associate(Kernel k, int f, int file, int index) {
        return k.withFolio(f, k.folio(f).withMapping(file, index));
    }

    @Override
    public String associateViolation(Kernel k, int f) {
        return null;
    }

    @Override
    public Kernel disassociate(Kernel k, int f) {
        return k.withFolio(f, k.folio(f).withMapping(Kernel.NONE, 0));
    }

    @Override
    public String disassociateViolation(Kernel k, int f) {
        return null;
    }

    @Override
    public Kernel insert(Kernel k, int mm, int slot, Level level, int f) {
        return k.withPte(new Pte(mm, slot, level, f, false, true, false));
    }

    @Override
    public String insertLabel(Level level) {
        return switch (level) {
            case PTE -> "vmf_insert_mixed_mkwrite";
            case PMD -> "vmf_insert_pfn_pmd";
            case PUD -> "vmf_insert_pfn_pud";
        };
    }

    @Override
    public boolean putWakes(Kernel before, Kernel after, int f) {
        return before.folio(f).refcount() != 1 && after.folio(f).refcount() == 1;
    }

    /** The count never reaches 0 here: pages rest at 1 ({@link Legacy413} after teardown aside, which wakes nobody at 0). */
    @Override
    public boolean freeWakes() {
        return false;
    }

    @Override
    public Key wakeKey() {
        return Key.REFCOUNT;
    }

    @Override
    public Key sleepKey() {
        return Key.REFCOUNT;
    }

    @Override
    public boolean evictionWaits() {
        return false;
    }

    @Override
    public boolean busy(Kernel k, int f) {
        return k.folio(f).refcount() > 1;
    }

    @Override
    public boolean idleForWaiter(Kernel k, int f) {
        return k.folio(f).refcount() == 1;
    }

    @Override
    public String wakeLabel() {
        return "put_devmap_managed_folio_refs";
    }

    /**
     * Every association in a shared extent marks the page shared ({@code dax_page_share_get}:
     * {@code PAGE_MAPPING_DAX_SHARED}, the count set to 1 if it had a mapping, then
     * incremented), the first as well.
     */
    @Override
    public boolean twoStepSharedAssociation() {
        return false;
    }
}
