import foliocheck.model.Mainline;

/**
 * A candidate fix for {@code pmd-fault-kill}, not the kernel's code: the filesystem's
 * pre-remove notification ({@code xfs_dax_failure_fn}) takes the mapping's invalidate lock
 * exclusive ({@code filemap_invalidate_lock}, XFS's MMAPLOCK, which a read fault holds
 * shared) before {@code mf_dax_kill_procs} and drops it after
 * {@code invalidate_inode_pages2_range} and its trailing unmap. No fault can then map an
 * entry between the unmap pass and the invalidation. Everything else is mainline's.
 */
public class NotifyUnderInvalidateLock extends Mainline {
    @Override
    public String name() {
        return "notify-invalidate-lock";
    }

    @Override
    public String doc() {
        return "mainline, the pre-remove notification under the mapping's invalidate lock";
    }

    @Override
    public boolean notifyHoldsInvalidateLock() {
        return true;
    }
}
