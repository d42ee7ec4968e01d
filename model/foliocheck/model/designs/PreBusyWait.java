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
}
