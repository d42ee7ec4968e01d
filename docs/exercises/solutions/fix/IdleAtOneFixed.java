import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Mainline;

/**
 * Reference solution of exercise 2: when folios rest at 1, the truncate waiter must sleep
 * until the count is back to 1, and the put that brings it back to 1 must wake it.
 */
public class IdleAtOneFixed extends Mainline {
    @Override
    public String name() {
        return "idle-at-one-fixed";
    }

    @Override
    public String doc() {
        return "exercise 2, solved: folios rest at 1, truncate waits for 1 and is woken at 1";
    }

    @Override
    public int idle(Kernel k, int f) {
        return 1;
    }

    @Override
    public boolean busy(Kernel k, int f) {
        Folio fo = k.folio(f);
        return fo.refcount() - fo.mapcount() != 1;
    }

    /** {@code dax_page_is_idle}: back at the resting count. */
    @Override
    public boolean idleForWaiter(Kernel k, int f) {
        return k.folio(f).refcount() == 1;
    }

    /** The put that brings the folio back to rest wakes the waiter. */
    @Override
    public boolean putWakes(Kernel before, Kernel after, int f) {
        return before.folio(f).refcount() != 1 && after.folio(f).refcount() == 1;
    }
}
