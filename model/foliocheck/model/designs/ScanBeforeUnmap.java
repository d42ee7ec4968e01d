package foliocheck.model.designs;

/**
 * Bug variant of {@code legacy}: {@code dax_layout_busy_page_range} scans the DAX entries
 * for a busy page first and unmaps the range ({@code unmap_mapping_pages}) after. The
 * kernel unmaps first, and says why: "If we race get_user_pages_fast() here either we'll
 * see the elevated page count in the iteration and wait, or get_user_pages_fast() will
 * see that the page it took a reference against is no longer mapped in the page tables".
 * Scanning first, a pin taken after the scan (GUP-fast, whose re-check finds the entry still
 * there, or the slow path under the page-table lock) is seen by nobody, and outlives the
 * block. Built on {@code legacy}, the scheme that comment was written for; the same order
 * under {@code mainline} loses the same way ({@code FailuresTest}).
 */
public class ScanBeforeUnmap extends Legacy {
    @Override
    public String name() {
        return "scan-before-unmap";
    }

    @Override
    public String doc() {
        return "bug: legacy with dax_layout_busy_page_range scanning for busy pages before it unmaps";
    }

    @Override
    public boolean unmapsBeforeBusyScan() {
        return false;
    }
}
