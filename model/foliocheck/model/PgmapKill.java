package foliocheck.model;

import java.util.List;

/**
 * Device unbind: {@code kill_dax} (drivers/dax/super.c) tells the filesystem
 * ({@code dax_holder_notify_failure} with {@code MF_MEM_PRE_REMOVE}: XFS unmaps the DAX
 * mappings of its files), clears the dax device's ALIVE flag and waits for
 * {@code dax_read_lock} holders ({@code synchronize_srcu}); then {@code memunmap_pages}
 * (mm/memremap.c): {@code percpu_ref_kill}, put the references taken at setup,
 * {@code wait_for_completion} until the pgmap count is 0, and {@code pageunmap_range},
 * which frees the memmap. {@code percpu_ref_kill} switches the count to atomic mode
 * through {@code call_rcu}, so the count reaches 0 only after a grace period: a GUP-fast
 * walk under way at the kill (interrupts off) finishes, re-check and back-off included,
 * before {@code wait_for_completion} can return.
 *
 * <p>Simplifications: the filesystem's notification is modelled as unmapping every page
 * table entry of the device (zap and put, one entry per round), then deleting file A's
 * unlocked, idle DAX entries; it does not wait for pins and does not freeze the filesystem
 * against faults.
 */
public final class PgmapKill extends Program {
    static final int NOTIFY = 0;
    static final int PUT_REFS = 1;
    static final int SRCU = 2;
    static final int KILL = 3;
    static final int PUT_SETUP = 4;
    static final int WAIT = 5;
    static final int UNMAP = 6;
    static final int INVALIDATE = 7;
    static final int START = 8;

    private final boolean afterFaults;

    /**
     * @param afterFaults start only once every fault and truncate has finished, to separate a
     *                    pin held across teardown from the fault/teardown race of
     *                    {@code fault-kill}
     */
    public PgmapKill(boolean afterFaults) {
        this.afterFaults = afterFaults;
    }

    @Override
    public Local initial() {
        return Local.start().at(afterFaults ? START : NOTIFY);
    }

    @Override
    public String name() {
        return "pgmap-kill";
    }

    @Override
    public List<String> labels(Design d) {
        return List.of("zap_pte_range", "invalidate_inode_pages2_range", "kill_dax", "synchronize_srcu", "percpu_ref_kill",
                "memunmap_pages", "wait_for_completion", "pageunmap_range");
    }

    /**
     * {@code invalidate_inode_pages2_range}: delete file A's unlocked DAX entries
     * ({@code __dax_invalidate_entry} → {@code dax_disassociate_entry}); locked ones are
     * skipped here rather than waited for, and so are
     * busy ones (the filesystem is shut down, so truncate never frees their blocks later).
     */
    private void invalidate(Ctx c) {
        Kernel k2 = c.k;
        String uaf = null;
        for (DaxEntry e : c.k.entries()) {
            if (e.file() != Kernel.FILE_A || e.locked()
                    || e.folio() != Kernel.NONE && c.d.hasPages() && c.d.busy(c.k, e.folio())) {
                continue;
            }
            if (e.folio() != Kernel.NONE && c.d.hasPages()) {
                uaf = uaf != null ? uaf : c.touch(e.folio(), "dax_disassociate_entry");
                k2 = c.d.disassociate(k2, e.folio());
            }
            k2 = k2.withoutEntry(e.file(), e.offset());
        }
        if (uaf != null) {
            c.bad("invalidate_inode_pages2_range", k2, c.me.at(INVALIDATE), "memmap-lifetime", uaf);
        } else {
            c.go("invalidate_inode_pages2_range", k2, c.me.at(INVALIDATE));
        }
    }

    @Override
    public String blockedReason(State s, Local l) {
        return switch (l.pc()) {
            case START -> "waits for the faults and truncate to finish";
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
                if (c.allFinished(Fault.class) && c.allFinished(Truncate.class)) {
                    c.go("dax_holder_notify_failure", k, me.at(NOTIFY));
                }
            }
            case NOTIFY -> {
                Pte e = k.ptes().isEmpty() ? null : k.ptes().get(0);
                if (e != null) {
                    Unmapper.zap(c, e, PUT_REFS, NOTIFY);
                } else {
                    invalidate(c);
                }
            }
            case INVALIDATE -> c.go("kill_dax", k.withPgmap(k.pgmap().withAlive(false)), me.at(SRCU));
            case PUT_REFS -> Unmapper.putRefs(c, NOTIFY);
            case SRCU -> {
                if (k.pgmap().readers() == 0) {
                    c.go("synchronize_srcu", k, me.at(KILL));
                }
            }
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
