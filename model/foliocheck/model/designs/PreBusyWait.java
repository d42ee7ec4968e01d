package foliocheck.model.designs;

/**
 * Before 4.18: as {@link Legacy}, but truncate unmaps and frees the blocks without waiting
 * for busy pages ({@code dax_layout_busy_page} did not exist). "Without this wait a
 * filesystem could allocate blocks under active device-DMA to a new file."
 */
public class PreBusyWait extends Legacy {
    @Override
    public String name() {
        return "pre-busy-wait";
    }

    @Override
    public String doc() {
        return "before 4.18: truncate frees blocks without waiting for pinned pages";
    }

    @Override
    public boolean truncateWaits() {
        return false;
    }

    /** Before 6.0 XFS refused to reflink a DAX file ({@code xfs_reflink_remap_prep}). */
    @Override
    public boolean reflinksDax() {
        return false;
    }
}
