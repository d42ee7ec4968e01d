import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Mainline;

/**
 * Exercise 1: a mainline variant whose GUP-fast takes its reference differently. Something
 * breaks in the PMD scenario of this directory. Diagnose it from the counterexample.
 */
public class GrabWithoutTryGet extends Mainline {
    @Override
    public String name() {
        return "grab-without-try-get";
    }

    @Override
    public String doc() {
        return "exercise 1: mainline whose GUP-fast takes its reference unconditionally";
    }

    /** {@code try_grab_folio_fast} with FOLL_PIN: take the reference, then the pin. */
    @Override
    public Kernel grabPin(Kernel k, int f) {
        Folio fo = k.folio(f);
        Folio pinned = fo.large()
                ? fo.withRefcount(fo.refcount() + 1).withPincount(fo.pincount() + 1)
                : fo.withRefcount(fo.refcount() + Folio.GUP_PIN_COUNTING_BIAS);
        return k.withFolio(f, pinned);
    }
}
