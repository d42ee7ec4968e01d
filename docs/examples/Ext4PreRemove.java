import foliocheck.model.designs.MainlineExt4;

/**
 * A candidate for ext4, not the kernel's code: ext4 registers a dax holder whose
 * {@code notify_failure}, on {@code MF_MEM_PRE_REMOVE}, does what XFS's does before the
 * device goes: freeze the filesystem, unmap every DAX mapping of its files, invalidate
 * their DAX entries, unmap again and shut down. ext4 has no reverse map, but a removal of
 * the whole device needs none: it can walk the superblock's inodes. Everything else is
 * {@code mainline-ext4}'s, {@code del_gendisk}'s {@code fs_bdev_mark_dead} included.
 */
public class Ext4PreRemove extends MainlineExt4 {
    @Override
    public String name() {
        return "ext4-pre-remove";
    }

    @Override
    public String doc() {
        return "mainline-ext4 with an XFS-like pre-remove notification";
    }

    @Override
    public boolean preRemoveNotify() {
        return true;
    }
}
