package foliocheck.model;

import java.util.List;

/**
 * A refcount scheme: what each kernel operation does to folios, page tables and the
 * pgmap. The thread programs ({@link Program}) are shared; a design changes only the
 * semantics of the operations they call. The defaults here are mainline's (Linux 6.15+,
 * "fs/dax: Fix ZONE_DEVICE page reference counts"); {@link Mainline} is the concrete class,
 * and a new proposal is a small subclass that overrides what it changes.
 *
 * <p>Each method names the kernel function it abstracts. Methods return new immutable
 * states; a {@code String} result is a violation detail (null when the operation is fine).
 */
public abstract class Design {

    /** Which address a {@code wait_var_event}/{@code wake_up_var} pair uses as its key. */
    public enum Key {
        /** {@code &folio->page} (mainline). */
        PAGE,
        /** {@code &folio->_refcount} (XFS and put_devmap_managed_folio_refs before 6.15). */
        REFCOUNT
    }

    /** The design's name on the command line. */
    public abstract String name();

    /** One line: which kernel or proposal this is. */
    public abstract String doc();

    // ------------------------------------------------------------ counting

    /**
     * The refcount of a folio at rest ({@code __init_zone_device_page}): 0 in mainline for
     * FS DAX; a device-dax page ({@link Pgmap#generic}) keeps {@code init_page_count}'s 1,
     * and {@code free_zone_device_folio} sets it back to 1.
     */
    public int idle(Kernel k, int f) {
        return k.pgmap().generic() ? 1 : 0;
    }

    /** Whether each non-special page-table entry holds a folio reference and a mapcount. */
    public boolean mappingsHoldReferences() {
        return true;
    }

    /** References the design itself accounts beyond mappings and threads (e.g. DAX entries). */
    public int extraReferences(Kernel k, int f) {
        return 0;
    }

    /** The pgmap reference count right after {@code memremap_pages}. */
    public int initialPgmapRef(int folios) {
        return 1;
    }

    // ------------------------------------------------------------ fault

    /** Whether there are struct pages at all (false: CONFIG_FS_DAX_LIMITED). */
    public boolean hasPages() {
        return true;
    }

    /**
     * {@code dax_insert_entry} → {@code dax_associate_entry}: make the folio belong to
     * {@code file} at {@code index}; {@code dax_folio_init} builds a compound folio.
     */
    public Kernel associate(Kernel k, int f, int file, int index) {
        Folio fo = k.folio(f);
        if (fo.large() && !fo.compound()) {
            fo = fo.withCompound(true);
        }
        return k.withFolio(f, fo.withMapping(file, index));
    }

    /** Why {@link #associate} breaks compound-at-zero here, or null: folios are built only at refcount 0. */
    public String associateViolation(Kernel k, int f) {
        Folio fo = k.folio(f);
        return fo.large() && !fo.compound() && fo.refcount() != 0
                ? "dax_folio_init builds folio" + f + " at refcount " + fo.refcount() : null;
    }

    /**
     * Whether two files can share a block under DAX (a reflink): XFS since 6.2 (6.0 let
     * {@code xfs_reflink_remap_prep} share DAX files' blocks, but {@code xfs_inode_supports_dax}
     * kept a reflinked inode off DAX until 6.2); ext4 and ext2 have no {@code remap_file_range}.
     * Without it a scenario's reflinked block belongs to file A alone, and file B's read fault
     * finds a hole.
     */
    public boolean reflinksDax() {
        return filesystem() == Filesystem.XFS;
    }

    /**
     * Whether a fault in a shared extent ({@code IOMAP_F_SHARED}) that finds its DAX entry
     * already naming a folio unmaps the offset, disassociates the entry and associates it
     * again: {@code dax_insert_entry}'s {@code if (shared || ...)} since 6.2, true for every
     * built-in design that reflinks ({@link #reflinksDax}). False models leaving such an
     * entry alone, as for a block no other file shares (a candidate fix; the model has no
     * copy-on-write fault, whose new block would still replace the entry).
     */
    public boolean reassociatesSharedEntry() {
        return true;
    }

    /**
     * Whether {@code dax_associate_entry} gives the first association of a block in a shared
     * extent a plain mapping and makes the folio shared only at the second
     * ({@code shared && (folio->mapping || dax_folio_is_shared(folio))}, as since 6.15's
     * {@code dax_folio_make_shared}): the test and the update are two steps, since another
     * file's entry lock does not keep its fault or truncate out between them. False: every
     * association in a shared extent goes through {@code dax_page_share_get}
     * ({@link foliocheck.model.designs.Legacy}), one step.
     */
    public boolean twoStepSharedAssociation() {
        return true;
    }

    /** Whether activation refuses this folio now (e.g. the pgmap is dying): the fault fails. */
    public boolean activationRefused(Kernel k, int f) {
        return false;
    }

    /** Whether activation is two steps: {@link #associate}, then {@link #activateSecondHalf}. */
    public boolean twoStepActivation() {
        return false;
    }

    /**
     * Second half of a two-step activation (see {@link RequestFolios}); null when the
     * design activates in one step.
     */
    public Kernel activateSecondHalf(Kernel k, int f) {
        return null;
    }

    /** The label of the page-table insert at {@code level}. */
    public String insertLabel(Level level) {
        return switch (level) {
            case PTE -> "vmf_insert_page_mkwrite";
            case PMD -> "vmf_insert_folio_pmd";
            case PUD -> "vmf_insert_folio_pud";
        };
    }

    /**
     * {@code insert_page_into_pte_locked} / {@code vmf_insert_folio_pmd} / {@code _pud}
     * under the page table lock: {@code folio_get} + {@code folio_add_file_rmap_*} + set the
     * entry.
     */
    public Kernel insert(Kernel k, int mm, int slot, Level level, int f) {
        Folio fo = k.folio(f);
        boolean whole = level != Level.PTE;
        fo = fo.withRefcount(fo.refcount() + 1)
                .withMapcount(fo.mapcount() + 1, fo.entire() + (whole ? 1 : 0));
        return k.withFolio(f, fo).withPte(new Pte(mm, slot, level, f, false, false, true));
    }

    /**
     * Whether {@code dax_fault_iter} holds the folio across the insert: {@code folio_ref_inc}
     * before {@link #insert} (whose {@code folio_get} must not find the idle count of 0) and
     * {@code folio_put} after it. If a zap dropped the new mapping's reference in between,
     * that put is the last, and the fault runs the free path. Mainline (6.15+).
     */
    public boolean faultHoldsFolio() {
        return hasPages();
    }

    /**
     * Whether the FS DAX fault holds {@code dax_read_lock} from {@code dax_iomap_direct_access}
     * until {@code dax_insert_entry} has associated the folio (the association's steps, the
     * two-step activation's second half included), so that {@code kill_dax}'s
     * {@code synchronize_srcu} waits for an association that found the device alive: "fsdax:
     * Hold dax lock over mapping insertion" (October 2022, patch 7 of the series that brought
     * {@code pgmap_request_folios}; not merged). The page-table insert comes after the unlock,
     * as in that patch. Mainline drops the lock inside {@code dax_iomap_direct_access}.
     */
    public boolean faultHoldsDaxLock() {
        return false;
    }

    /** The page-table level a fault of {@code wanted} size maps a folio of {@code order} at, or null (SIGBUS). */
    public Level faultLevel(Level order, Level wanted) {
        return order == wanted ? wanted : null;
    }

    /**
     * {@link #faultLevel} for an FS DAX fault ({@code deviceDax} false) or a device-dax one: a
     * design whose filesystem limits its faults (ext2 maps 4 KiB pages only) limits only the
     * FS DAX ones.
     */
    public Level faultLevel(Level order, Level wanted, boolean deviceDax) {
        return faultLevel(order, wanted);
    }

    // ------------------------------------------------------------ GUP

    /** Whether GUP must first take a pgmap reference ({@code get_dev_pagemap}) for this entry. */
    public boolean gupTakesPgmapRef(Pte e) {
        return e.devmap();
    }

    /** Whether GUP-fast re-reads the entry after grabbing the reference. */
    public boolean gupFastRechecks() {
        return true;
    }

    /**
     * {@code try_grab_folio_fast} with FOLL_PIN: a {@code folio_try_get} that fails on a
     * refcount of 0, then the pin ({@code GUP_PIN_COUNTING_BIAS} for small folios,
     * {@code _pincount} for large). Returns null if the try-get fails.
     */
    public Kernel grabPin(Kernel k, int f) {
        Folio fo = k.folio(f);
        if (fo.refcount() == 0) {
            return null;
        }
        return k.withFolio(f, pinned(fo, 1));
    }

    /** {@code try_grab_folio} on the slow path: the entry's reference keeps the folio live. */
    public Kernel grabPinSlow(Kernel k, int f) {
        return grabPin(k, f);
    }

    static Folio pinned(Folio fo, int n) {
        return fo.large()
                ? fo.withRefcount(fo.refcount() + n).withPincount(fo.pincount() + n)
                : fo.withRefcount(fo.refcount() + n * Folio.GUP_PIN_COUNTING_BIAS);
    }

    /** Whether FOLL_LONGTERM pins of FS DAX folios are refused ({@code check_vma_flags}). */
    public boolean refusesLongtermPins() {
        return true;
    }

    // ------------------------------------------------------------ puts and wake-ups

    /**
     * Drops {@code refs} references and {@code pins} pins ({@code folios_put_refs},
     * {@code gup_put_folio}): the atomic decrement alone. A put that reaches 0 goes on to
     * {@code free_zone_device_folio} as a step of its own ({@link #freed}).
     */
    public Kernel put(Kernel k, int f, int refs, int pins) {
        Folio fo = k.folio(f);
        if (pins > 0) {
            fo = fo.large()
                    ? fo.withRefcount(fo.refcount() - pins).withPincount(fo.pincount() - pins)
                    : fo.withRefcount(fo.refcount() - pins * Folio.GUP_PIN_COUNTING_BIAS);
        }
        fo = fo.withRefcount(fo.refcount() - refs);
        return k.withFolio(f, fo);
    }

    /**
     * {@code free_zone_device_folio} after a put took folio {@code f} to 0, once it has read
     * the folio ({@code folio->pgmap}, {@code mem_cgroup_uncharge}): what the design does
     * besides the wake-up ({@link #freeWakes}). Mainline: nothing. It runs whatever the
     * count is by now, as the kernel's free path does once begun.
     */
    public Kernel freed(Kernel k, int f) {
        return k;
    }

    /** Whether {@code free_zone_device_folio} wakes waiters: {@code wake_up_var(&folio->page)} for FS DAX. */
    public boolean freeWakes() {
        return true;
    }

    /**
     * Whether a put that went from {@code before} to {@code after} and left the folio above 0
     * must wake waiters (legacy's 2→1). Mainline: never; the wake-up at 0 is the free path's.
     */
    public boolean putWakes(Kernel before, Kernel after, int f) {
        return false;
    }

    /** The label of a wake-up by {@link #putWakes}. */
    public String wakeLabel() {
        return "wake_up_var";
    }

    /** The key {@code wake_up_var} is called on. */
    public Key wakeKey() {
        return Key.PAGE;
    }

    /** The key the truncate waiter sleeps on. */
    public Key sleepKey() {
        return Key.PAGE;
    }

    // ------------------------------------------------------------ unmap

    /**
     * {@code zap_pte_range} / {@code zap_huge_pmd} / {@code zap_huge_pud}: clear the entry
     * and {@code folio_remove_rmap_*}. Returns the kernel; {@link #zapDeferredRefs} tells
     * how many references {@code folios_put_refs} drops afterwards.
     */
    public Kernel zap(Kernel k, Pte e) {
        k = k.withoutPte(e.mm(), e.slot());
        if (!e.normal()) {
            return k;
        }
        Folio fo = k.folio(e.folio());
        boolean whole = e.level() != Level.PTE;
        return k.withFolio(e.folio(), fo.withMapcount(fo.mapcount() - 1, fo.entire() - (whole ? 1 : 0)));
    }

    /**
     * {@code copy_present_pte} of entry {@code e} into address space {@code mm} (fork): a page
     * {@code vm_normal_page} finds (a normal entry) gets a reference and a mapcount for the
     * copy ({@code folio_get}, {@code folio_dup_file_rmap_pte}); a devmap or special entry is
     * copied as it is, holding nothing. PTEs only: {@code copy_huge_pmd} copies no file-backed PMD.
     */
    public Kernel copy(Kernel k, Pte e, int mm) {
        if (e.normal()) {
            Folio fo = k.folio(e.folio());
            k = k.withFolio(e.folio(), fo.withRefcount(fo.refcount() + 1).withMapcount(fo.mapcount() + 1, fo.entire()));
        }
        return k.withPte(new Pte(mm, e.slot(), e.level(), e.folio(), e.special(), e.devmap(), e.normal()));
    }

    /**
     * Whether {@code dup_mmap} puts a child's VMA into the file's {@code i_mmap} after its
     * parent's ({@code vma_interval_tree_insert_after}), so that an unmap's walk meets the
     * parent's entries first. If the child came first, a walk could pass the child's VMA
     * while it was empty, the fork copy the parent's entry into it, and the walk then clear
     * only the parent's.
     */
    public boolean childVmaAfterParent() {
        return true;
    }

    /** References a zap of {@code e} leaves for {@code folios_put_refs}. */
    public int zapDeferredRefs(Pte e) {
        return e.normal() && mappingsHoldReferences() ? 1 : 0;
    }

    // ------------------------------------------------------------ truncate

    /** Whether truncate waits for busy pages ({@code dax_layout_busy_page_range}, since 4.18). */
    public boolean truncateWaits() {
        return true;
    }

    /**
     * Whether {@code dax_layout_busy_page_range} unmaps the range before it scans for busy
     * pages, as every kernel since 4.18 does: a GUP-fast that read an entry before the unmap
     * either grabbed its reference before the scan, which then sees it and waits, or re-reads
     * the entry after the unmap and backs off. The other half of GUP-fast's grab-then-recheck
     * ({@link #gupFastRechecks}): scanning first, a grab after the scan is seen by nobody.
     */
    public boolean unmapsBeforeBusyScan() {
        return true;
    }

    /** Whether inode eviction waits for busy pages ({@code dax_break_layout_final}, 6.15). */
    public boolean evictionWaits() {
        return true;
    }

    /** {@code dax_busy_page}: {@code folio_ref_count - folio_mapcount != 0}. */
    public boolean busy(Kernel k, int f) {
        Folio fo = k.folio(f);
        return fo.refcount() - fo.mapcount() != 0;
    }

    /** {@code dax_page_is_idle}: the condition the truncate waiter sleeps for. */
    public boolean idleForWaiter(Kernel k, int f) {
        return k.folio(f).refcount() == 0;
    }

    /**
     * {@code dax_disassociate_entry} → {@code dax_folio_put}: clear mapping and index and
     * split the compound folio back to order 0.
     */
    public Kernel disassociate(Kernel k, int f) {
        Folio fo = k.folio(f);
        return k.withFolio(f, fo.withCompound(false).withMapping(Kernel.NONE, 0));
    }

    /** Why {@link #disassociate} breaks compound-at-zero here, or null: folios are split only at refcount 0. */
    public String disassociateViolation(Kernel k, int f) {
        Folio fo = k.folio(f);
        return fo.compound() && fo.refcount() != 0
                ? "dax_folio_put splits folio" + f + " at refcount " + fo.refcount() : null;
    }

    // ------------------------------------------------------------ teardown

    /**
     * Whether {@code kill_dax} first tells the filesystem that its device is going away
     * ({@code dax_holder_notify_failure} with {@code MF_MEM_PRE_REMOVE}: XFS freezes itself,
     * unmaps and invalidates its files' DAX mappings, and shuts itself down; see
     * {@link PgmapKill}). Kernels before the notification (Linux 4.13 to 5.19 among the
     * built-in designs) only clear the dax device's ALIVE flag and wait for
     * {@code dax_read_lock} holders: the filesystem stays mounted and running, a fault fails
     * at {@code dax_direct_access}, and a truncate still walks the file's DAX entries.
     */
    public boolean preRemoveNotify() {
        return true;
    }

    /**
     * Under a design without {@link #preRemoveNotify}: whether {@code kill_dax} still
     * notifies the filesystem, as a media failure of the whole device
     * ({@code dax_holder_notify_failure(dax_dev, 0, U64_MAX, 0)}, Linux 6.0–6.7). XFS
     * walks its rmap: {@code mf_dax_kill_procs} locks each mapped index's DAX entry, marks
     * the page poisoned and signals only early-kill processes, so in the common case nothing
     * is unmapped; the metadata it meets makes it {@code xfs_force_shutdown}. Nothing is
     * frozen and no DAX entry is deleted.
     */
    public boolean failureNotify() {
        return false;
    }

    /**
     * The filesystem on the pmem device, as far as the unbind and a truncate tell them apart,
     * with the names of its own steps in traces.
     */
    public enum Filesystem {
        /**
         * Registers as the dax device's holder (6.0 on), which {@code kill_dax} notifies as
         * {@link Design#preRemoveNotify} and {@link Design#failureNotify} say; the default.
         */
        XFS("xfs_force_shutdown", null, "xfs_vn_change_ok", true, "xfs_itruncate_extents", "xfs_inactive_truncate",
                "xfs_alloc_file_space"),
        /**
         * ext4: {@code fs_dax_get_by_bdev(bdev, &off, NULL, NULL)} registers no
         * holder, so {@code kill_dax}'s notification reaches nobody; the unbind's
         * {@code del_gendisk} shuts it down after {@code kill_dax}
         * ({@code bdev_mark_dead} → {@code fs_bdev_mark_dead} → {@code ext4_shutdown}),
         * and {@code ext4_setattr} fails a truncate begun after that at once. Both its
         * truncate and its eviction free blocks in {@code ext4_truncate}.
         */
        EXT4("ext4_force_shutdown", "ext4_setattr", "ext4_journal_start", false, "ext4_truncate", "ext4_truncate",
                "ext4_alloc_file_blocks"),
        /**
         * ext2 (the {@code dax} mount option): no dax holder, as ext4, and no
         * {@code shutdown} operation either, so neither {@code kill_dax} nor
         * {@code fs_bdev_mark_dead} stops it and it has no step names for a shutdown
         * ({@link #shutdown} and {@link #lateRefusal} are null). {@code ext2_setsize} frees a
         * truncated file's blocks in {@code __ext2_truncate_blocks}; {@code ext2_evict_inode}
         * an unlinked file's in {@code ext2_truncate_blocks}.
         */
        EXT2(null, null, null, false, "__ext2_truncate_blocks", "ext2_truncate_blocks", "ext2_get_blocks");

        private final String shutdown;
        private final String earlyRefusal;
        private final String lateRefusal;
        private final boolean iomapRefusesShutDown;
        private final String truncateFree;
        private final String evictFree;
        private final String allocation;

        Filesystem(String shutdown, String earlyRefusal, String lateRefusal, boolean iomapRefusesShutDown,
                   String truncateFree, String evictFree, String allocation) {
            this.shutdown = shutdown;
            this.earlyRefusal = earlyRefusal;
            this.lateRefusal = lateRefusal;
            this.iomapRefusesShutDown = iomapRefusesShutDown;
            this.truncateFree = truncateFree;
            this.evictFree = evictFree;
            this.allocation = allocation;
        }

        /** The shutdown its own unbind notification ends with; null if it has none (ext2). */
        public String shutdown() {
            return shutdown;
        }

        /**
         * Where a truncate begun after an unbind shut the filesystem down fails at once, before
         * it breaks any layout ({@code ext4_setattr}: {@code ext4_emergency_state}); null where
         * it gets as far as the layout break (XFS) or cannot be shut down (ext2).
         */
        public String earlyRefusal() {
            return earlyRefusal;
        }

        /**
         * Whether a fault's {@code iomap_begin} fails once the filesystem is shut down
         * ({@code xfs_read_iomap_begin}: -EIO). We found no such test in
         * {@code ext4_iomap_begin}: an ext4 fault goes on to {@code dax_direct_access}, which
         * fails once {@code kill_dax} has run.
         */
        public boolean iomapRefusesShutDown() {
            return iomapRefusesShutDown;
        }

        /**
         * Where a truncate fails after its layout break when an unbind has shut the filesystem
         * down meanwhile; null if it cannot be shut down (ext2).
         */
        public String lateRefusal() {
            return lateRefusal;
        }

        /** The step that frees a truncated ({@code evict} false) or evicted file's blocks. */
        public String blockFree(boolean evict) {
            return evict ? evictFree : truncateFree;
        }

        /** The allocator's step that gives a file a free block. */
        public String allocation() {
            return allocation;
        }
    }

    /**
     * What scenario {@code sc} asks of this design that the design cannot do, a phrase each,
     * from its capabilities ({@link #hasPages}, {@link #reflinksDax},
     * {@link #reassociatesSharedEntry}, {@link #faultLevel}):
     * why witnesses of the scenario may stay unreached. Empty when it can do all of it.
     */
    public List<String> lacks(Scenario sc) {
        List<String> l = new java.util.ArrayList<>();
        String fs = filesystem().name().toLowerCase(java.util.Locale.ROOT);
        boolean pins = sc.count(Pin.class) > 0;
        boolean reflinks = !sc.reflinked().isEmpty();
        if (!hasPages() && (pins || reflinks)) {
            l.add("no struct pages (" + (pins ? "GUP fails" : "") + (pins && reflinks ? ", " : "")
                    + (reflinks ? "no page to share" : "") + ")");
        } else if (!reflinksDax() && reflinks) {
            l.add(filesystem() == Filesystem.XFS ? "no DAX reflink (XFS shares DAX files' blocks since 6.2)"
                    : "no reflink (" + fs + ")");
        } else if (!reassociatesSharedEntry() && reflinks) {
            l.add("no re-association of a shared entry that names the folio (nothing unmaps it)");
        }
        java.util.Set<Level> sizes = java.util.EnumSet.noneOf(Level.class);
        for (Program p : sc.programs()) {
            if (p instanceof Fault f && f.device() == Program.Device.FS_DAX
                    && faultLevel(f.size(), f.size(), false) == null) {
                sizes.add(f.size());
            }
        }
        for (Level x : sizes) {
            l.add("no " + x.name() + " mappings of FS DAX files"
                    + (filesystem() == Filesystem.XFS ? "" : " (" + fs + ")"));
        }
        return l;
    }

    /** The filesystem the scenario's files are on: {@link Filesystem#XFS} unless a design says otherwise. */
    public Filesystem filesystem() {
        return Filesystem.XFS;
    }

    /**
     * Whether the unbind runs {@code del_gendisk}'s {@code fs_bdev_mark_dead} as a step,
     * between {@code synchronize_srcu} and {@code percpu_ref_kill}: it syncs the
     * filesystem, evicts the inodes nobody holds (none in the scenarios) and calls its
     * {@code shutdown} operation. On ext4, and on XFS whose notification did nothing; on
     * XFS with a notification it finds the filesystem shut down already and is left out,
     * and {@code legacy-4.13}'s kernels, older than the block layer's holder operations,
     * had no such call.
     */
    public boolean markDeadStep() {
        return filesystem() == Filesystem.EXT4;
    }

    /**
     * Whether the unbind tells the filesystem at all ({@link #preRemoveNotify} or
     * {@link #failureNotify}), which then shuts itself down.
     */
    public final boolean notifiesFilesystem() {
        return preRemoveNotify() || failureNotify();
    }

    /** Whether the unbind shuts the filesystem down at all: its notification or {@link #markDeadStep} does. */
    public final boolean unbindShutsDown() {
        return notifiesFilesystem() || markDeadStep();
    }

    /**
     * Whether the filesystem's pre-remove notification holds the mapping's invalidate lock
     * exclusive ({@code filemap_invalidate_lock}, XFS's MMAPLOCK) from before
     * {@code mf_dax_kill_procs} until after the trailing unmap of
     * {@code invalidate_inode_pages2_range}: a candidate fix, not the kernel's code (no built-in
     * design does it), which holds read faults off between the unmap pass and the
     * invalidation (see {@code pmd-fault-kill}).
     */
    public boolean notifyHoldsInvalidateLock() {
        return false;
    }

    /**
     * {@code memunmap_pages} after {@code percpu_ref_kill}: put the references taken at
     * setup. Mainline and 6.0+ legacy: the one base reference; the pages hold none.
     */
    public Kernel teardownPutRefs(Kernel k) {
        return k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1));
    }

    @Override
    public String toString() {
        return name();
    }
}
