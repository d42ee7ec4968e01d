package foliocheck.model.designs;

import foliocheck.model.Mainline;

/**
 * Bug variant of {@code mainline}: inode eviction ({@code truncate_inode_pages_final})
 * drops the DAX entries and frees the blocks without waiting for pinned pages, as before
 * "fs/dax: Ensure all pages are idle prior to filesystem unmount".
 */
public class EvictNoWait extends Mainline {
    @Override
    public String name() {
        return "evict-no-wait";
    }

    @Override
    public String doc() {
        return "bug: mainline with eviction not calling dax_break_layout_final";
    }

    @Override
    public boolean evictionWaits() {
        return false;
    }
}
