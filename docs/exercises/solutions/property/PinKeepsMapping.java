import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.model.Kernel;
import foliocheck.model.Local;
import foliocheck.model.State;
import foliocheck.properties.PropertySet;
import java.util.List;

/**
 * Reference solution of exercise 3: while a DMA pin taken through file A is established, its
 * folio stays associated with file A. It is the state form of the check
 * {@code WARN_ON_ONCE(trunc && page_ref_count(page) > 1)} in {@code dax_disassociate_entry}
 * of kernels before 6.15: truncate must not take a page out of its file while DMA may still
 * be using it.
 */
public class PinKeepsMapping implements PropertySet {
    @Override
    public List<Property<State>> properties(Design d) {
        return List.of(Property.always("pin-keeps-mapping",
                "a folio under an established DMA pin stays associated with the file it was pinned through",
                PinKeepsMapping::holds, PinKeepsMapping::explain));
    }

    static boolean holds(State s) {
        return explain(s).isEmpty();
    }

    static String explain(State s) {
        for (Local l : s.threads()) {
            if (l.has(Local.PINNED) && s.kernel().folio(l.folio()).mapping() != Kernel.FILE_A) {
                return "folio" + l.folio() + " is pinned but its mapping is "
                        + (s.kernel().folio(l.folio()).mapping() == Kernel.NONE ? "none" : "file B");
            }
        }
        return "";
    }
}
