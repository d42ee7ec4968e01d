package foliocheck.model.designs;

import foliocheck.model.Mainline;

/**
 * Linux 6.15+ on an XFS filesystem without the reverse-mapping btree (made with
 * {@code mkfs.xfs -m rmapbt=0}, or by an mkfs that left it off): mainline in every other
 * respect. XFS registers its dax holder all the same, but
 * {@code xfs_dax_notify_dev_failure} returns -EOPNOTSUPP ("notify_failure() needs rmapbt
 * enabled!") before the pre-remove freeze, so the unbind unmaps, invalidates and shuts
 * down nothing; {@code del_gendisk}'s {@code fs_bdev_mark_dead} then shuts XFS down
 * ({@code xfs_fs_shutdown}) before {@code memunmap_pages}. After that a fault's
 * {@code iomap_begin} fails and a truncate fails at {@code xfs_vn_change_ok} after its
 * layout break, as after the notification's shutdown. By our reading a kernel built
 * without {@code CONFIG_MEMORY_FAILURE} (XFS's holder operations are then NULL, and the
 * notification fails with -EOPNOTSUPP) unbinds the same way.
 */
public class MainlineNoRmapbt extends Mainline {
    @Override
    public String name() {
        return "mainline-no-rmapbt";
    }

    @Override
    public String doc() {
        return "Linux 6.15+ on XFS without rmapbt: the pre-remove notification gives up at once";
    }

    @Override
    public boolean preRemoveNotify() {
        return false;
    }

    @Override
    public boolean markDeadStep() {
        return true;
    }
}
