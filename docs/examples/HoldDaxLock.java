import foliocheck.model.designs.RequestFolios;

/**
 * The October 2022 series as posted, not the kernel's code: request-folios' activation
 * ({@code pgmap_request_folios}, patch 10) with patch 7, "fsdax: Hold dax lock over mapping
 * insertion", which holds {@code dax_read_lock} from {@code dax_iomap_direct_access} until
 * {@code dax_insert_entry} has associated the folio, so that "the code that wants to
 * elevate the reference count of a pgmap page from 0 -> 1 must ensure that the pgmap is not
 * exiting" ({@code kill_dax}'s {@code synchronize_srcu} waits for it). The page-table insert
 * comes after the unlock, as in the patch. Everything else is request-folios'.
 */
public class HoldDaxLock extends RequestFolios {
    @Override
    public String name() {
        return "request-folios-dax-lock";
    }

    @Override
    public String doc() {
        return "request-folios, the fault holding dax_read_lock over the association (patch 7)";
    }

    @Override
    public boolean faultHoldsDaxLock() {
        return true;
    }
}
