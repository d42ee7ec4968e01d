import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Mainline;

/**
 * Exercise 2: a proposal that keeps mainline's rule that every mapping holds a reference,
 * but lets folios rest at refcount 1 instead of 0, as FS DAX pages did before 6.15. Its
 * author changed the idle count and the busy test. The checker disagrees that this is all.
 */
public class IdleAtOne extends Mainline {
    @Override
    public String name() {
        return "idle-at-one";
    }

    @Override
    public String doc() {
        return "exercise 2: mainline with folios at rest at refcount 1";
    }

    /** The refcount of a folio at rest. */
    @Override
    public int idle(Kernel k, int f) {
        return 1;
    }

    /** {@code dax_busy_page}: references beyond the mappings and the resting one. */
    @Override
    public boolean busy(Kernel k, int f) {
        Folio fo = k.folio(f);
        return fo.refcount() - fo.mapcount() != 1;
    }
}
