package foliocheck.model;

import java.util.List;

/**
 * {@code fork} of the process of mm A, whose mapping of file A has an {@code anon_vma} (a
 * private mapping some other page of which was written, and so copied; since 6.15 also a
 * mapping with guard regions), so that {@code copy_page_range} copies its page tables
 * ({@code vma_needs_copy}); then the child, mm C, exits.
 *
 * <p>{@code dup_mmap} puts the child's VMA into file A's {@code i_mmap} right after the
 * parent's ({@code vma_interval_tree_insert_after}), before it copies anything; here it is
 * there from the start. {@code copy_present_pte} then copies the parent's entry at this
 * thread's slot, under both page-table locks, in one step. Where {@code vm_normal_page}
 * finds a page (6.15+: every FS DAX entry) the copy takes a reference and a mapcount
 * ({@code folio_get}, {@code folio_dup_file_rmap_pte}); a devmap or special entry is copied
 * as it is ({@link Design#copy}). A PMD is not copied: {@code copy_huge_pmd} leaves a
 * file-backed one to be faulted in again. The child's exit ({@code exit_mmap}) zaps what it
 * got and drops the references after.
 *
 * <p>An unmap of file A ({@code unmap_mapping_range}, a truncate's layout break) walks
 * {@code i_mmap} in order, so it meets the parent's VMA before the child's: an entry copied
 * before the walk cleared the parent's is met again in the child's. That is our reading of
 * why the insert is "just after mpnt" ({@link Design#childVmaAfterParent}); {@code move_ptes}
 * in mm/mremap.c says the same of its own copy ("rmap will always observe either the old
 * pte, or the new pte, or both"). The parent's {@code mmap_write_lock}, which the fork holds
 * from {@code dup_mmap}'s start to the copy's end, waits for a fault or a munmap of mm A in
 * flight and keeps new ones out while it copies (one step here). Not modelled: the copy of
 * a writable entry write-protecting both (no entry here is writable).
 */
public final class Fork extends Program {
    static final int COPY = 0;
    static final int EXIT = 1;
    static final int PUT_REFS = 2;

    private final int slot;

    /** @param slot the address of mm A whose entry is copied into mm C */
    public Fork(int slot) {
        this.slot = slot;
    }

    /** The address of mm A whose entry is copied. */
    int slot() {
        return slot;
    }

    /** Whether a PTE can be at this thread's address for it to copy: a fork copies no huge entry. */
    boolean copiesPte(Design d, Scenario sc) {
        return Fault.mmALevels(d, sc, slot).contains(Level.PTE);
    }

    @Override
    public Device device() {
        return Device.FS_DAX;
    }

    @Override
    public String name() {
        return "fork";
    }

    @Override
    public String identity() {
        return "fork:" + slot;
    }

    @Override
    public List<String> labels(Design d) {
        return d.mappingsHoldReferences()
                ? List.of("copy_pte_range", "copy_present_pte", "zap_pte_range", "folios_put_refs", "exit_mmap")
                : List.of("copy_pte_range", "copy_present_pte", "zap_pte_range", "exit_mmap");
    }

    /**
     * {@link #labels(Design)} for the levels the scenario's faults can map this thread's
     * address at: the copy, the child's zap and its put only where a PTE can be there, and
     * {@code copy_huge_pmd} where a huge entry can.
     */
    @Override
    public List<String> labels(Design d, Scenario sc) {
        java.util.Set<Level> at = Fault.mmALevels(d, sc, slot);
        List<String> l = new java.util.ArrayList<>(labels(d));
        if (!at.contains(Level.PTE)) {   // copiesPte, with the levels at hand
            l.removeAll(List.of("copy_present_pte", "zap_pte_range", "folios_put_refs"));
        }
        if (at.contains(Level.PMD) || at.contains(Level.PUD)) {
            l.add(1, "copy_huge_pmd");
        }
        return l;
    }

    @Override
    public String blockedReason(State s, Local l) {
        return l.pc() == COPY ? "dup_mmap's mmap_write_lock waits for a fault or munmap of mm A in flight" : "blocked";
    }

    @Override
    void programSteps(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        switch (me.pc()) {
            case COPY -> {
                if (c.mmAFaultInFlight() || c.inFlight(Munmap.class)) {
                    return;   // dup_mmap's mmap_write_lock waits for them
                }
                Pte e = k.pte(Kernel.MM_A, slot);
                if (e == null) {
                    c.go("copy_pte_range", k, me.at(EXIT));   // nothing mapped there: nothing to copy
                } else if (e.level() != Level.PTE) {
                    c.go("copy_huge_pmd", k, me.at(EXIT));    // a file-backed PMD is faulted in again instead
                } else {
                    String uaf = e.normal() ? c.touch(e.folio(), "copy_present_pte") : null;
                    c.goTouching("copy_present_pte", c.d.copy(k, e, Kernel.MM_C),
                            me.withFolio(e.folio()).at(EXIT), uaf);
                }
            }
            case EXIT -> {
                Pte e = k.firstPte(Kernel.MM_C);
                if (e != null) {
                    Unmapper.zap(c, e, PUT_REFS, EXIT);
                } else {
                    c.go("exit_mmap", k, me.at(DONE));
                }
            }
            case PUT_REFS -> Unmapper.putRefs(c, EXIT);
            default -> { }
        }
    }
}
