package foliocheck.model;

import java.util.List;

/**
 * Truncate of file A to size 0 (XFS setattr: {@code xfs_break_layouts} →
 * {@code dax_break_layout}, then {@code truncate_setsize}, then freeing the blocks), or,
 * with {@code evict}, inode eviction ({@code dax_break_layout_final},
 * {@code truncate_inode_pages_final}, then the blocks freed) after the last mapping is gone.
 *
 * <p>The layout break: {@code dax_layout_busy_page_range} unmaps the range
 * ({@code unmap_mapping_pages}) and scans the DAX entries for a busy page
 * ({@code dax_busy_page}); for a busy page, {@code ___wait_var_event} sleeps until the page
 * is idle. Truncate holds the invalidate lock exclusive and drops it only while asleep (the
 * {@code xfs_wait_dax_page} callback), so a fault may map the page again during the wait
 * and the next scan unmaps it again. Eviction waits uninterruptibly and takes no lock.
 * Under a design that scans before it unmaps ({@link Design#unmapsBeforeBusyScan}), each
 * pass scans, then unmaps, then waits for the folio the scan found busy
 * ({@link Local#busyFolio}), as {@code dax_layout_busy_page_range} with its two halves
 * swapped would return it to {@code dax_break_layout}'s loop.
 *
 * <p>On ext4 ({@link Design.Filesystem#EXT4}) {@code ext4_setattr} fails at once if a device
 * unbind has shut the filesystem down ({@code ext4_emergency_state}); a truncate that was
 * shut down while it broke the layouts fails after the break, at {@code ext4_journal_start}
 * (as XFS's fails at {@code xfs_vn_change_ok}), before it deletes the entries. Eviction
 * after the shutdown frees the blocks all the same here, where the kernel's
 * {@code ext4_evict_inode} would fail its journal start and free nothing (XFS's eviction is
 * as loose); its layout break comes first either way.
 *
 * <p>Simplifications: one scan step reads every entry's folio; the block free is one step.
 */
public final class Truncate extends Program {
    static final int LOCK = 0;
    static final int UNMAP = 1;
    static final int PUT_REFS = 2;
    static final int WAIT = 3;
    static final int SLEEP = 4;
    static final int RELOCK = 5;
    static final int DELETE = 6;
    static final int BLOCK_FREE = 7;
    static final int UNLOCK = 8;
    static final int START = 10;
    /** The busy-page scan of a design that scans before it unmaps. */
    static final int SCAN = 11;

    private final boolean evict;

    /** @param evict inode eviction instead of truncate */
    public Truncate(boolean evict) {
        this.evict = evict;
    }

    @Override
    public Device device() {
        return Device.FS_DAX;
    }

    @Override
    public String name() {
        return evict ? "evict" : "truncate";
    }

    @Override
    public Local initial() {
        return Local.start().at(evict ? START : LOCK);
    }

    private boolean waits(Design d) {
        return evict ? d.evictionWaits() : d.truncateWaits();
    }

    /** Whether the layout break scans for busy pages before it unmaps ({@link Design#unmapsBeforeBusyScan}). */
    private boolean scansFirst(Design d) {
        return waits(d) && !d.unmapsBeforeBusyScan();
    }

    /** Where the layout break starts, and starts again after a busy page went idle. */
    private int layoutBreak(Design d) {
        return scansFirst(d) ? SCAN : UNMAP;
    }

    @Override
    public List<String> labels(Design d) {
        List<String> l = new java.util.ArrayList<>();
        l.add(evict ? "evict" : "filemap_invalidate_lock");
        l.add("zap_pte_range");
        if (d.mappingsHoldReferences()) {
            l.add("folios_put_refs");
        }
        if (waits(d)) {
            l.addAll(List.of("dax_layout_busy_page_range", "___wait_var_event", "schedule"));
        }
        if (!evict && d.unbindShutsDown()) {
            if (d.filesystem().earlyRefusal() != null) {
                l.add(d.filesystem().earlyRefusal());   // fails at once: a device unbind shut the filesystem down
            }
            l.add(d.filesystem().lateRefusal());   // fails after the layout break: shut down meanwhile
        }
        l.add(evict ? "truncate_inode_pages_final" : "truncate_inode_pages_range");
        l.add(d.filesystem().blockFree(evict));
        if (!evict) {
            l.add("filemap_invalidate_unlock");
        }
        return l;
    }

    /**
     * {@link #labels(Design)} with the zaps of the levels {@code sc}'s faults map at, and the
     * walk's step from the parent's VMA to the child's where a {@link Fork} made one.
     */
    @Override
    public List<String> labels(Design d, Scenario sc) {
        boolean forked = sc.count(Fork.class) > 0;
        // The child's copies are PTEs: a fork copies no PMD (Fork).
        boolean childPtes = false;
        for (Program p : sc.programs()) {
            childPtes |= p instanceof Fork f && f.copiesPte(d, sc);
        }
        List<String> l = Unmapper.withZaps(labels(d), d, sc, childPtes);
        if (forked) {
            int lastZap = l.size() - 1;
            while (lastZap > 0 && !l.get(lastZap).startsWith("zap_")) {
                lastZap--;
            }
            l.add(lastZap + 1, "unmap_mapping_range_tree");
        }
        return l;
    }

    /** Truncate runs under {@code sb_start_write} from its first step to its last; eviction does not. */
    @Override
    public boolean writing(Local l) {
        return !evict && l.pc() != LOCK && l.pc() != DONE;
    }

    @Override
    public String blockedReason(State s, Local l) {
        return switch (l.pc()) {
            case LOCK -> "filemap_invalidate_lock waits for faults holding it shared, or sb_start_write for a thaw";
            case RELOCK -> "filemap_invalidate_lock waits for faults holding it shared";
            case SLEEP -> "___wait_var_event sleeps on folio" + l.folio() + " (refcount "
                    + s.kernel().folio(l.folio()).refcount() + "), nobody will wake it";
            case START -> "evict waits for the file's last mapping to go";
            default -> "blocked";
        };
    }

    @Override
    void programSteps(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        switch (me.pc()) {
            case START -> {
                if (c.fileAFaultsFinished() && c.allFinished(Munmap.class) && c.allFinished(Fork.class)) {
                    c.go("evict", k, me.at(layoutBreak(c.d)));
                }
            }
            case LOCK, RELOCK -> {
                if (me.pc() == LOCK && c.fsFrozen()) {
                    return;   // sb_start_write waits for the thaw
                } else if (me.pc() == LOCK && c.d.filesystem().earlyRefusal() != null && c.fsShutDown()) {
                    // ext4_setattr: ext4_emergency_state returns -EIO before anything else.
                    c.go(c.d.filesystem().earlyRefusal(), k, me.set(Local.FAILED).at(DONE));
                } else if (!k.invalExcl() && k.invalShared() == 0) {
                    c.go("filemap_invalidate_lock", k.withInvalidateLock(0, true), me.at(me.pc() == LOCK ? layoutBreak(c.d) : WAIT));
                }
            }
            case UNMAP -> {
                Pte e = k.firstPte(walkingMm(c));
                if (e != null) {
                    Unmapper.zap(c, e, PUT_REFS, UNMAP);
                    return;
                } else if (!me.has(Local.WALK_SECOND) && c.forked) {
                    // The walk leaves the first VMA for the next one in i_mmap.
                    c.go("unmap_mapping_range_tree", k, me.set(Local.WALK_SECOND));
                    return;
                }
                me = me.clear(Local.WALK_SECOND);   // the walk is over
                if (!waits(c.d)) {
                    delete(c, me);
                } else if (!scansFirst(c.d)) {
                    scan(c, me);
                } else if (me.busyFolio() == Kernel.NONE) {
                    delete(c, me);
                } else {
                    waitFor(c, me.withFolio(me.busyFolio()).withBusyFolio(Kernel.NONE));
                }
            }
            case SCAN -> scan(c, me);
            case PUT_REFS -> Unmapper.putRefs(c, UNMAP);
            case WAIT -> waitFor(c, me);
            case SLEEP -> {
                if (me.has(Local.WOKEN)) {
                    c.go("schedule", k, me.clear(Local.SLEEPING | Local.WOKEN).at(evict ? WAIT : RELOCK));
                }
            }
            case DELETE -> delete(c, me);
            case BLOCK_FREE -> {
                // A block file B shares stays allocated, file B's alone (XFS: the refcount
                // btree's count drops, xfs_refcount_decrease_extent); file A's own go free.
                Kernel k2 = k;
                for (int b = 0; b < k.blocks().size(); b++) {
                    if (k.owner(b) == Kernel.FILE_A) {
                        k2 = k2.withOwner(b, Kernel.FREE);
                    } else if (k.owner(b) == Kernel.REFLINKED) {
                        k2 = k2.withOwner(b, Kernel.FILE_B);
                    }
                }
                c.go(c.d.filesystem().blockFree(evict), k2, me.at(evict ? DONE : UNLOCK));
            }
            case UNLOCK -> c.go("filemap_invalidate_unlock", k.withInvalidateLock(0, false), me.at(DONE));
            default -> { }
        }
    }

    /**
     * The address space whose entries the unmap ({@code unmap_mapping_range_tree}) clears
     * now: mm A, or, when mm A has a child ({@link Fork}), the first or second of the two in
     * {@code i_mmap} order ({@link Design#childVmaAfterParent}).
     */
    private static int walkingMm(Ctx c) {
        boolean childFirst = !c.d.childVmaAfterParent() && c.forked;
        return c.me.has(Local.WALK_SECOND) != childFirst ? Kernel.MM_C : Kernel.MM_A;
    }

    /**
     * {@code dax_layout_busy_page_range}'s scan for the first busy folio
     * ({@code dax_busy_page} reads each entry's folio counts, touching its struct page).
     * After the unmap, the thread waits for that folio, or deletes the entries if none is
     * busy; before it ({@link #scansFirst}), it unmaps next and remembers the folio.
     */
    private void scan(Ctx c, Local me) {
        Kernel k = c.k;
        String uaf = null;
        int busy = Kernel.NONE;
        for (DaxEntry e : k.entries()) {
            if (e.file() != Kernel.FILE_A || e.folio() == Kernel.NONE || !c.d.hasPages()) {
                continue;
            }
            uaf = uaf != null ? uaf : c.touch(e.folio(), "dax_busy_page");
            if (c.d.busy(k, e.folio())) {
                busy = e.folio();
                break;
            }
        }
        Local next = scansFirst(c.d) ? me.withBusyFolio(busy).at(UNMAP)
                : me.withFolio(busy).at(busy == Kernel.NONE ? DELETE : WAIT);
        // The unmap's half of gup-fast-order: a pin taken while an entry still maps the
        // range, after this scan, is seen by nobody.
        Pte mapped = k.firstPteOfFile(Kernel.FILE_A, Kernel.NONE);
        if (uaf == null && mapped != null) {
            c.bad("dax_layout_busy_page_range", k, next, "gup-fast-order", "dax_layout_busy_page_range scans while "
                    + mapped.where() + " still maps folio" + mapped.folio() + ": a pin taken through it after this scan is seen by nobody");
        } else {
            c.goTouching("dax_layout_busy_page_range", k, next, uaf);
        }
    }

    /**
     * {@code ___wait_var_event} on {@code me}'s folio: a layout break again once it is idle
     * ({@code dax_page_is_idle}), else asleep; truncate drops the invalidate lock to sleep.
     */
    private void waitFor(Ctx c, Local me) {
        int f = me.folio();
        String uaf = c.touch(f, "dax_page_is_idle");
        Kernel k2 = c.k;
        Local l2 = me.at(layoutBreak(c.d));
        if (!c.d.idleForWaiter(c.k, f)) {
            k2 = evict ? c.k : c.k.withInvalidateLock(0, false);
            l2 = me.set(Local.SLEEPING | Local.WAITED).clear(Local.WOKEN).at(SLEEP);
        }
        c.goTouching("___wait_var_event", k2, l2, uaf);
    }

    /**
     * {@code dax_delete_mapping_range}: disassociate and delete every entry of file A; the
     * file is now empty. A truncate on a filesystem shut down by a device unbind fails
     * instead, after the layout break: {@code xfs_vn_setattr} breaks the layouts first, then
     * {@code xfs_vn_setattr_size} → {@code xfs_vn_change_ok} returns -EIO (on ext4,
     * {@code ext4_journal_start}).
     */
    private void delete(Ctx c, Local me) {
        if (!evict && c.fsShutDown()) {
            c.go(c.d.filesystem().lateRefusal(), c.k, me.set(Local.FAILED).at(UNLOCK));
        } else {
            c.deleteEntries(evict ? "truncate_inode_pages_final" : "truncate_inode_pages_range", true,
                    me.at(BLOCK_FREE));
        }
    }
}
