import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Mainline;

/**
 * Reference solution of exercise 1: GUP-fast's grab is a {@code folio_try_get}, which fails
 * on a folio at refcount 0. (Deleting the override, so that mainline's {@code grabPin}
 * applies, is the same fix.)
 */
public class GrabWithTryGet extends Mainline {
    @Override
    public String name() {
        return "grab-with-try-get";
    }

    @Override
    public String doc() {
        return "exercise 1, solved: GUP-fast's grab fails on a free folio";
    }

    /** {@code try_grab_folio_fast}: a {@code folio_try_get}, then the pin; null if the folio is free. */
    @Override
    public Kernel grabPin(Kernel k, int f) {
        Folio fo = k.folio(f);
        if (fo.refcount() == 0) {
            return null;
        }
        Folio pinned = fo.large()
                ? fo.withRefcount(fo.refcount() + 1).withPincount(fo.pincount() + 1)
                : fo.withRefcount(fo.refcount() + Folio.GUP_PIN_COUNTING_BIAS);
        return k.withFolio(f, pinned);
    }
}
