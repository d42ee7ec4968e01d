import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.designs.RequestFolios;

/**
 * {@code request-folios} with the review objection of October 2022 answered: the pgmap
 * reference taken by {@code pgmap_request_folios} is dropped on the free path
 * ({@code free_zone_device_folio}), by whichever put takes the folio to refcount 0, instead
 * of by {@code pgmap_release_folios} only when its own put happens to reach 0.
 * {@code pgmap_release_folios} becomes a plain {@code folio_put}.
 *
 * <p>Everything else is inherited: the increment-then-test activation, the DAX entry holding
 * one folio reference, truncate waiting for refcount 1.
 */
public class RequestFoliosFreePut extends RequestFolios {
    @Override
    public String name() {
        return "request-folios-free-put";
    }

    @Override
    public String doc() {
        return "request-folios with the pgmap put moved to free_zone_device_folio";
    }

    /** {@code pgmap_release_folios}: clear the association, then a plain put. */
    @Override
    public Kernel disassociate(Kernel k, int f) {
        Folio fo = k.folio(f);
        k = k.withFolio(f, fo.withCompound(false).withMapping(Kernel.NONE, 0));
        return put(k, f, 1, 0);
    }

    /** {@code free_zone_device_folio}: the put that reaches 0 drops the folio's pgmap reference. */
    @Override
    protected Kernel freed(Kernel k, int f) {
        if (k.folio(f).refcount() == 0) {
            return k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1));
        }
        return k;
    }
}
