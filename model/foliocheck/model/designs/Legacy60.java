package foliocheck.model.designs;

/**
 * Linux 6.0–6.7: as {@link Legacy} (pages idle at 1, devmap entries hold nothing,
 * {@code memunmap_pages} waits for no page), but the unbind's notification is the one
 * before {@code MF_MEM_PRE_REMOVE}: {@code kill_dax} calls
 * {@code dax_holder_notify_failure(dax_dev, 0, U64_MAX, 0)}, a media failure of the whole
 * device, and XFS's {@code xfs_dax_notify_failure} walks its rmap
 * ({@code mf_dax_kill_procs} on each file's mapped indices, which poisons the pages and
 * signals only early-kill processes) and shuts the filesystem down. Nothing is frozen,
 * unmapped or invalidated: the DAX entries outlive the memmap, and the eviction of an inode
 * held open across the unbind (at its last close, or at umount) deletes them
 * ({@code kill-evict}). "mm, pmem, xfs: Introduce MF_MEM_PRE_REMOVE for
 * unbind" (fa422b353d21, 6.8) replaced it. Reflinked DAX files (6.2 on, inside this range)
 * share pages as {@link Legacy}'s do.
 */
public class Legacy60 extends Legacy {
    @Override
    public String name() {
        return "legacy-6.0";
    }

    @Override
    public String doc() {
        return "Linux 6.0-6.7: as legacy, but the unbind's notification only shuts XFS down";
    }

    @Override
    public boolean preRemoveNotify() {
        return false;
    }

    @Override
    public boolean failureNotify() {
        return true;
    }
}
