package foliocheck.model.designs;

import foliocheck.model.Mainline;

/**
 * Linux 6.15+ with the files on ext4 instead of XFS: mainline's refcounts, and
 * the unbind of that kernel as it reaches a filesystem that registers no dax holder
 * ({@code ext4_alloc_sbi}: {@code fs_dax_get_by_bdev(..., NULL, NULL)}). {@code kill_dax}'s
 * {@code dax_holder_notify_failure} finds no holder, so nothing is frozen, unmapped,
 * invalidated or shut down before the memmap goes; {@code del_gendisk} shuts ext4 down
 * after {@code kill_dax} ({@code fs_bdev_mark_dead}), and {@code memunmap_pages} follows.
 * Eviction and truncate break the layouts as on XFS ({@code ext4_evict_inode} calls
 * {@code dax_break_layout_final}). ext2 registers no holder either, and breaks no layouts
 * at all: {@link MainlineExt2}.
 */
public class MainlineExt4 extends Mainline {
    @Override
    public String name() {
        return "mainline-ext4";
    }

    @Override
    public String doc() {
        return "Linux 6.15+ on ext4: no dax holder, so the unbind unmaps and invalidates nothing";
    }

    @Override
    public boolean preRemoveNotify() {
        return false;
    }

    @Override
    public Filesystem filesystem() {
        return Filesystem.EXT4;
    }
}
