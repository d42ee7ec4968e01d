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
        k = put(k.withFolio(f, fo.withCompound(false).withMapping(Kernel.NONE, 0)), f, 1, 0);
        return k.folio(f).refcount() == 0 ? freed(k, f) : k;
    }

    /**
     * {@code free_zone_device_folio}, after a put took the folio to 0 and the free path has
     * read it: drop the folio's pgmap reference last, as device-private pages do.
     */
    @Override
    public Kernel freed(Kernel k, int f) {
        return k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1));
    }
}
