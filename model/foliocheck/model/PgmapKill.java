package foliocheck.model;

import java.util.List;

/**
 * Device unbind: {@code kill_dax} (drivers/dax/super.c) tells the filesystem
 * ({@code dax_holder_notify_failure} with {@code MF_MEM_PRE_REMOVE}, XFS's
 * {@code xfs_dax_notify_failure}: unmap the files' DAX mappings, invalidate their DAX
 * entries, unmap again, shut the filesystem down), clears the dax device's ALIVE flag and
 * waits for {@code dax_read_lock} holders ({@code synchronize_srcu}); then {@code memunmap_pages}
 * (mm/memremap.c): {@code percpu_ref_kill}, put the references taken at setup,
 * {@code wait_for_completion} until the pgmap count is 0, and {@code pageunmap_range},
 * which frees the memmap. {@code percpu_ref_kill} switches the count to atomic mode
 * through {@code call_rcu}, so the count reaches 0 only after a grace period: a GUP-fast
 * walk under way at the kill (interrupts off) finishes, re-check and back-off included,
 * before {@code wait_for_completion} can return.
 *
 * <p>The notification ({@code xfs_dax_notify_dev_failure}, then {@code xfs_dax_failure_fn}
 * for each rmap record): {@code mf_dax_kill_procs} unmaps every page-table entry of the
 * device, index by index under the index's DAX entry lock (so it waits for a fault between
 * its insert and its unlock), zap and put one entry per round (the SIGBUS it sends is not
 * modelled). The pass returns as a step of its own, labelled {@code mf_dax_kill_procs}: it
 * holds each entry's lock only while it unmaps that index, and the frozen filesystem still
 * serves read faults, so a fault may map the entry before the invalidation reaches it.
 * Then {@code invalidate_inode_pages2_range}, for each file, waits until no entry is
 * locked and deletes them all, busy and mapped ones included ({@code __dax_invalidate_entry}
 * checks only the DIRTY/TOWRITE marks, which the freeze's sync has cleared, and a DAX
 * mapping is unmapped only after its entries are deleted): {@code dax_folio_put} splits a
 * PMD folio that a fault mapped since the pass, above refcount 0 and under its PMD
 * ({@code pmd-fault-kill}). Its trailing {@code unmap_mapping_pages} zaps what a fault
 * mapped; then {@code xfs_force_shutdown}, after which a fault's {@code iomap_begin}
 * fails. All of it runs with the filesystem frozen ({@code freeze_super} first, which waits
 * for a truncate or block allocation in flight and keeps new ones out; after the shutdown
 * a truncate breaks the layouts and then fails, and no block is allocated).
 *
 * <p>Simplifications: the kernel runs kill, invalidation and trailing unmap one rmap
 * record (one file's extent) after another, the model every file's kill pass, then one
 * invalidation step over every file's entries (taken when none is locked; a pinned folio
 * it splits all the same, see {@code pmd-pin-kill}), then one unmap pass; different
 * files' steps commute, so this loses no outcome. The trailing unmap zaps until nothing is
 * mapped, and its end and the shutdown are one step: a fault that maps after that unmap
 * in the kernel is one whose {@code iomap_begin} ran before the shutdown, and the model
 * has it insert after the step (as in {@code fault-kill}), where no truncate (held off by
 * the fault's shared invalidate lock) or allocation (held off by the freeze) can tell the
 * difference. A design may hold the mapping's invalidate lock across the pass and the
 * invalidation ({@link Design#notifyHoldsInvalidateLock}, a candidate fix: then the unlock
 * and the shutdown are two steps). The faults are read faults, which the freeze does not
 * hold up (it waits for and blocks write faults); the freeze and its sync succeed; the
 * shutdown and the thaw are one step; the scenarios' files all have in-memory inodes found
 * through the rmap.
 *
 * <p>Under a design whose {@code kill_dax} does not notify the filesystem
 * ({@link Design#preRemoveNotify}: kernels before {@code MF_MEM_PRE_REMOVE}), the unbind
 * starts at {@code kill_dax}: nothing is frozen, unmapped, invalidated or shut down, a fault
 * after it fails at {@code dax_direct_access}, and a truncate still walks and deletes the
 * file's DAX entries, whatever teardown has freed since. A design whose {@code kill_dax}
 * reports a media failure of the whole device instead ({@link Design#failureNotify}, 6.0 to
 * 6.7) has XFS walk its rmap ({@code mf_dax_kill_procs}, which unmaps only early-kill
 * processes, none here) and shut down first; the rest is as without a notification.
 * On ext4 ({@link Design.Filesystem#EXT4}), which registers no dax holder (so no
 * notification: {@code mainline-ext4}): {@code kill_dax}, then {@code del_gendisk}'s
 * {@code fs_bdev_mark_dead} (one step, labelled so: it syncs, evicts the inodes nobody
 * holds, none in the scenarios, and calls {@code ext4_shutdown}), then
 * {@code memunmap_pages}. An ext4 design with a notification (a candidate, such as
 * docs/examples/Ext4PreRemove.java) runs XFS's steps first, its shutdown labelled
 * {@code ext4_force_shutdown}.
 *
 * <p>A device-dax unbind ({@link #deviceDaxUnbind()}; drivers/dax/bus.c {@code kill_dev_dax}, the
 * devm action that runs before {@code devm_memremap_pages}' release) has no filesystem to
 * tell: {@code kill_dax}, {@code synchronize_srcu} (which waits for a fault under
 * {@code dax_read_lock}), then {@code unmap_mapping_range} of the device's inode, which zaps
 * every mapping of it, then {@code memunmap_pages} as above. The design's flags for the
 * filesystem's part of the unbind do not apply to it.
 */
public final class PgmapKill extends Program {
    static final int NOTIFY = 0;
    static final int PUT_REFS = 1;
    static final int SRCU = 2;
    static final int KILL = 3;
    static final int PUT_SETUP = 4;
    static final int WAIT = 5;
    static final int UNMAP = 6;
    static final int KILL_DAX = 7;
    static final int START = 8;
    static final int REZAP = 9;
    static final int REZAP_PUT_REFS = 10;
    static final int FREEZE = 11;
    static final int INVALIDATE = 12;
    /** {@link Design#notifyHoldsInvalidateLock}: take the invalidate lock before the unmap pass. */
    static final int INVAL_LOCK = 13;
    /** {@link Design#notifyHoldsInvalidateLock}: the shutdown, after the unlock. */
    static final int SHUTDOWN = 14;
    /** {@link Design#failureNotify}: the rmap walk's {@code mf_dax_kill_procs}, which unmaps nothing. */
    static final int FAILURE_WALK = 15;
    /** {@link Design#failureNotify}: the shutdown at the end of the walk, nothing frozen. */
    static final int FAILURE_SHUTDOWN = 16;
    /** {@link Design#markDeadStep}: {@code del_gendisk}'s {@code fs_bdev_mark_dead}, which shuts the filesystem down. */
    static final int MARK_DEAD = 17;
    /** {@link #deviceDax}: {@code kill_dev_dax}'s {@code unmap_mapping_range}, one entry a round. */
    static final int DEVDAX_ZAP = 18;
    static final int DEVDAX_PUT_REFS = 19;

    /** The programs whose threads must all have finished before the unbind starts; none: at once. */
    private final List<Class<? extends Program>> after;
    /** A device-dax unbind ({@code kill_dev_dax}) instead of a pmem one under a filesystem. */
    private final boolean deviceDax;

    /**
     * @param afterFaults start only once every fault and truncate has finished, to separate a
     *                    pin held across teardown from the fault/teardown race of
     *                    {@code fault-kill}
     */
    public PgmapKill(boolean afterFaults) {
        this(afterFaults ? List.of(Fault.class, Truncate.class) : List.of());
    }

    private PgmapKill(List<Class<? extends Program>> after) {
        this(after, false);
    }

    private PgmapKill(List<Class<? extends Program>> after, boolean deviceDax) {
        this.after = after;
        this.deviceDax = deviceDax;
    }

    /** The unbind of a device-dax instance ({@code kill_dev_dax}, then {@code memunmap_pages}), at once. */
    public static PgmapKill deviceDaxUnbind() {
        return new PgmapKill(List.of(), true);
    }

    @Override
    public Device device() {
        return deviceDax ? Device.DEVICE_DAX : Device.FS_DAX;
    }

    @Override
    public String identity() {
        return name() + ":" + after + ":" + deviceDax;
    }

    /**
     * An unbind that starts once every thread of the programs {@code programs} has finished:
     * {@code after(Fault.class, Munmap.class)} unbinds the device after the faults and the
     * munmaps, and races the rest (an eviction, in {@code kill-evict}).
     */
    @SafeVarargs
    public static PgmapKill after(Class<? extends Program>... programs) {
        return new PgmapKill(List.of(programs));
    }

    @Override
    public Local initial() {
        return Local.start().at(after.isEmpty() ? FREEZE : START);
    }

    /** Whether every thread of the programs in {@link #after} has finished. */
    private boolean othersFinished(Ctx c) {
        for (int i = 0; i < after.size(); i++) {
            if (!c.allFinished(after.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The threads {@link #after} waits for, in words: "faults and truncate". */
    private String awaited() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < after.size(); i++) {
            if (i > 0) {
                b.append(i == after.size() - 1 ? " and " : ", ");
            }
            Class<? extends Program> p = after.get(i);
            b.append(p == Fault.class ? "faults" : p == Pin.class ? "pins"
                    : p.getSimpleName().toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }

    @Override
    public String name() {
        return "pgmap-kill";
    }

    /** {@link #labels(Design)} with its zaps at the levels of {@code sc}'s folios. */
    @Override
    public List<String> labels(Design d, Scenario sc) {
        List<String> l = new java.util.ArrayList<>(labels(d));
        int at = l.indexOf("zap_pte_range");
        if (at >= 0) {
            l.removeAll(List.of("zap_pte_range", "zap_huge_pmd", "zap_huge_pud"));
            for (Level o : List.of(Level.PUD, Level.PMD, Level.PTE)) {
                if (sc.folios().contains(o)) {
                    l.add(at, Unmapper.zapLabel(o));
                }
            }
        }
        return l;
    }

    @Override
    public List<String> labels(Design d) {
        List<String> kill = List.of("kill_dax", "synchronize_srcu", "percpu_ref_kill", "memunmap_pages",
                "wait_for_completion", "pageunmap_range");
        if (deviceDax) {
            List<String> l = new java.util.ArrayList<>(kill);
            l.addAll(2, List.of("zap_pte_range", "zap_huge_pmd", "zap_huge_pud", "folios_put_refs", "unmap_mapping_range"));
            if (!d.mappingsHoldReferences()) {
                l.remove("folios_put_refs");
            }
            return l;
        }
        if (!d.unbindShutsDown()) {
            return kill;   // no notification, no fs_bdev_mark_dead (and ext2 has no shutdown to name)
        }
        String shutdown = d.filesystem().shutdown();
        List<String> l;
        if (!d.preRemoveNotify()) {
            l = d.failureNotify() ? FixedList.inserting(FixedList.inserting(kill, 0, shutdown), 0, "mf_dax_kill_procs")
                    : kill;
        } else {
            l = new java.util.ArrayList<>(List.of("freeze_super", "zap_pte_range", "mf_dax_kill_procs",
                    "invalidate_inode_pages2_range", shutdown));
            if (d.mappingsHoldReferences() && d.hasPages()) {
                l.add(2, "folios_put_refs");   // the unmap pass drops the entries' references
            }
            l.addAll(kill);
            if (d.notifyHoldsInvalidateLock()) {
                l = FixedList.inserting(FixedList.inserting(l, 1, "filemap_invalidate_lock"), 5,
                        "filemap_invalidate_unlock");
            }
        }
        if (d.markDeadStep()) {
            l = FixedList.inserting(l, l.indexOf("synchronize_srcu") + 1, "fs_bdev_mark_dead");
        }
        if (d.notifiesFilesystem() && (!after.isEmpty() || !d.preRemoveNotify())) {
            // The notification's first step is a step of its own where the unbind waits for
            // other threads first, or walks the rmap (6.0-6.7); else freeze_super is the first.
            l = FixedList.inserting(l, 0, "dax_holder_notify_failure");
        }
        return l;
    }

    /** Whether thread state {@code l} of this program holds the filesystem frozen ({@code freeze_super} until the thaw). */
    boolean frozen(Local l) {
        return switch (phase(l)) {
            case INVAL_LOCK, NOTIFY, PUT_REFS, INVALIDATE, REZAP, REZAP_PUT_REFS, SHUTDOWN -> true;
            default -> false;
        };
    }

    /** Whether thread state {@code l} of this program has shut the filesystem down (and thawed it). */
    boolean shutDown(Local l, Design d) {
        return switch (phase(l)) {
            case KILL, PUT_SETUP, WAIT, UNMAP, DONE -> true;
            // Without a notification, fs_bdev_mark_dead (the step that leaves MARK_DEAD) shuts it down.
            case KILL_DAX, SRCU, MARK_DEAD -> d.notifiesFilesystem();
            default -> false;
        };
    }

    /**
     * {@code invalidate_inode_pages2_range} on every file: once no DAX entry is locked
     * ({@code get_next_unlocked_entry} waits for each), delete them all, busy and mapped
     * ones too ({@code __dax_invalidate_entry} → {@code dax_disassociate_entry} →
     * {@code dax_folio_put}, which splits a large folio and warns if it is not at 0).
     */
    private void invalidate(Ctx c) {
        if (anyEntryLocked(c.k)) {
            return;
        }
        c.deleteEntries("invalidate_inode_pages2_range", false, c.me.at(REZAP));
    }

    /**
     * Whether the DAX entry of the folio {@code e} maps is locked: {@code mf_dax_kill_procs}
     * takes each index's entry lock ({@code dax_lock_mapping_entry}) before it unmaps it,
     * so it waits for a fault between its insert and {@code dax_unlock_entry}.
     */
    private static boolean entryLocked(Kernel k, Pte e) {
        for (DaxEntry d : k.entries()) {
            if (d.locked() && d.file() == e.file() && d.folio() == e.folio()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The unbind's first step after the faults it waits for: the pre-remove notification,
     * the media-failure notification of 6.0–6.7 ({@link Design#failureNotify}), or
     * {@code kill_dax} itself.
     */
    private void begin(Ctx c) {
        if (!deviceDax && c.d.notifiesFilesystem()) {
            c.go("dax_holder_notify_failure", c.k, c.me.at(c.d.preRemoveNotify() ? FREEZE : FAILURE_WALK));
        } else {
            killDax(c);
        }
    }

    /** {@code kill_dax}: clear the dax device's ALIVE flag; {@code synchronize_srcu} follows. */
    private static void killDax(Ctx c) {
        c.go("kill_dax", c.k.withPgmap(c.k.pgmap().withAlive(false)), c.me.at(SRCU));
    }

    /**
     * 6.0–6.7 ({@link Design#failureNotify}): {@code xfs_dax_failure_fn} for each rmap record
     * of a file with an in-memory inode calls {@code mf_dax_kill_procs}, which takes each
     * mapped index's DAX entry lock ({@code dax_lock_mapping_entry}, so it waits for a fault
     * between its insert and its unlock), sets the page's HWPoison flag (not modelled) and
     * unmaps and signals only the processes that asked for early kill, none here; the
     * metadata records ask for the shutdown that follows.
     */
    private static void failureWalk(Ctx c) {
        if (!anyEntryLocked(c.k)) {
            c.go("mf_dax_kill_procs", c.k, c.me.at(FAILURE_SHUTDOWN));
        }
    }

    /** Whether some DAX entry is locked (a fault between its insert and its unlock). */
    private static boolean anyEntryLocked(Kernel k) {
        for (DaxEntry e : k.entries()) {
            if (e.locked()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String blockedReason(State s, Local l) {
        return switch (l.pc()) {
            case START -> "waits for the " + awaited() + " to finish";
            case FREEZE -> "freeze_super waits for a truncate or allocation in flight";
            case INVAL_LOCK -> "filemap_invalidate_lock waits for a fault holding it shared";
            case NOTIFY, FAILURE_WALK -> "mf_dax_kill_procs waits for a locked DAX entry";
            case INVALIDATE -> "invalidate_inode_pages2_range waits for a locked DAX entry";
            case SRCU -> "synchronize_srcu waits for dax_read_lock holders";
            case WAIT -> "wait_for_completion waits for pgmap->ref " + s.kernel().pgmap().ref() + " to reach 0";
            default -> "blocked";
        };
    }

    @Override
    void programSteps(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        switch (me.pc()) {
            case START -> {
                if (othersFinished(c)) {
                    begin(c);
                }
            }
            // The unbind's first step. xfs_dax_notify_failure_freeze: freeze_super waits for
            // writers in flight (sb_start_write) and keeps new ones out until the thaw after
            // the shutdown. Without the pre-remove notification, the media-failure walk of
            // 6.0-6.7 or kill_dax itself.
            case FREEZE -> {
                if (deviceDax || !c.d.preRemoveNotify()) {
                    begin(c);
                } else if (!c.writerInFlight()) {
                    c.go("freeze_super", k, me.at(c.d.notifyHoldsInvalidateLock() ? INVAL_LOCK : NOTIFY));
                }
            }
            case INVAL_LOCK -> {
                if (k.invalShared() == 0 && !k.invalExcl()) {
                    c.go("filemap_invalidate_lock", k.withInvalidateLock(0, true), me.at(NOTIFY));
                }
            }
            case NOTIFY -> {
                Pte e = k.firstPte();
                if (e == null) {
                    c.go("mf_dax_kill_procs", k, me.at(INVALIDATE));
                } else if (!entryLocked(k, e)) {
                    Unmapper.zap(c, e, PUT_REFS, NOTIFY);
                }
            }
            case INVALIDATE -> invalidate(c);
            case REZAP -> {
                Pte e = k.firstPte();
                if (e != null) {
                    Unmapper.zap(c, e, REZAP_PUT_REFS, REZAP);
                } else if (c.d.notifyHoldsInvalidateLock()) {
                    c.go("filemap_invalidate_unlock", k.withInvalidateLock(0, false), me.at(SHUTDOWN));
                } else {
                    c.go(c.d.filesystem().shutdown(), k, me.at(KILL_DAX));
                }
            }
            case SHUTDOWN, FAILURE_SHUTDOWN -> c.go(c.d.filesystem().shutdown(), k, me.at(KILL_DAX));
            case FAILURE_WALK -> failureWalk(c);
            case REZAP_PUT_REFS -> Unmapper.putRefs(c, REZAP);
            case KILL_DAX -> killDax(c);
            case PUT_REFS -> Unmapper.putRefs(c, NOTIFY);
            case SRCU -> {
                if (k.pgmap().readers() == 0) {
                    c.go("synchronize_srcu", k, me.at(deviceDax ? DEVDAX_ZAP : c.d.markDeadStep() ? MARK_DEAD : KILL));
                }
            }
            case DEVDAX_ZAP -> {
                Pte e = k.firstPte();
                if (e != null) {
                    Unmapper.zap(c, e, DEVDAX_PUT_REFS, DEVDAX_ZAP);
                } else {
                    c.go("unmap_mapping_range", k, me.at(KILL));
                }
            }
            case DEVDAX_PUT_REFS -> Unmapper.putRefs(c, DEVDAX_ZAP);
            case MARK_DEAD -> c.go("fs_bdev_mark_dead", k, me.at(KILL));
            // The switch to atomic mode goes through call_rcu: the count cannot reach 0
            // before a grace period, which waits for every GUP-fast walk under way now.
            case KILL -> c.go("percpu_ref_kill", k.withPgmap(k.pgmap().withLife(Pgmap.Life.DYING)), me.at(PUT_SETUP),
                    c.startGracePeriod());
            case PUT_SETUP -> c.go("memunmap_pages", c.d.teardownPutRefs(k), me.at(WAIT));
            case WAIT -> {
                if (k.pgmap().ref() == 0 && !c.gracePeriodHeld()) {
                    c.go("wait_for_completion", k, me.at(UNMAP));
                }
            }
            case UNMAP -> {
                Kernel k2 = k.withPgmap(k.pgmap().withLife(Pgmap.Life.DEAD));
                String busy = null;
                for (int f = 0; f < k.folios().size() && c.d.hasPages(); f++) {
                    int idle = c.d.idle(k, f);
                    if (k.folio(f).refcount() > idle) {
                        busy = "pageunmap_range frees the memmap of folio" + f + " at refcount "
                                + k.folio(f).refcount() + " (idle " + idle + ")";
                        break;
                    }
                }
                if (busy != null) {
                    c.bad("pageunmap_range", k2, me.at(DONE), "memmap-lifetime", busy);
                } else {
                    c.go("pageunmap_range", k2, me.at(DONE));
                }
            }
            default -> { }
        }
    }
}
