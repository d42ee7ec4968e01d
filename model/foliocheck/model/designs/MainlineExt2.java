package foliocheck.model.designs;

import foliocheck.model.Level;
import foliocheck.model.Mainline;

/**
 * Linux 6.15+ with the files on ext2 (the {@code dax} mount option; deprecated in 6.16):
 * mainline's refcounts, and a filesystem that never breaks DAX layouts. fs/ext2/inode.c:
 * {@code ext2_setsize} takes the invalidate lock and calls {@code truncate_setsize}, whose
 * {@code truncate_pagecache} unmaps the range and deletes the DAX entries
 * ({@code truncate_folio_batch_exceptionals}: {@code WARN_ON_ONCE}, then
 * {@code dax_delete_mapping_entry}, whatever holds the folio), and then
 * {@code __ext2_truncate_blocks} frees the blocks; {@code ext2_evict_inode} calls
 * {@code truncate_inode_pages_final} and no {@code dax_break_layout_final}. No version of
 * ext2 ever called {@code dax_layout_busy_page}. ext2 registers no dax holder
 * ({@code fs_dax_get_by_bdev(..., NULL, NULL)}) and has no {@code shutdown} operation, so a
 * device unbind neither notifies nor stops it. {@code ext2_dax_fault} maps 4 KiB pages only
 * (no {@code huge_fault}): a PMD-size fault on an FS DAX file fails here, where the kernel
 * falls back to PTE faults that the model's fixed folio orders cannot express.
 */
public class MainlineExt2 extends Mainline {
    @Override
    public String name() {
        return "mainline-ext2";
    }

    @Override
    public String doc() {
        return "Linux 6.15+ on ext2: truncate and eviction free blocks without waiting for pins";
    }

    @Override
    public Filesystem filesystem() {
        return Filesystem.EXT2;
    }

    @Override
    public boolean preRemoveNotify() {
        return false;
    }

    @Override
    public boolean truncateWaits() {
        return false;
    }

    @Override
    public boolean evictionWaits() {
        return false;
    }

    /** No PMD faults on FS DAX files; device-dax's are not ext2's. */
    @Override
    public Level faultLevel(Level order, Level wanted, boolean deviceDax) {
        return !deviceDax && wanted == Level.PMD ? null : super.faultLevel(order, wanted, deviceDax);
    }
}
