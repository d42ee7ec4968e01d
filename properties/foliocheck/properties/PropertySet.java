package foliocheck.properties;

import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.model.State;
import java.util.List;

/**
 * Properties of your own, checked beside the built-in {@link Invariants}: a public class
 * implementing this interface, with a public no-argument constructor, loaded with
 * {@code foliocheck check --property-file MyProperty.java} or passed to
 * {@code foliocheck.FolioCheck}. Names must differ from the built-in ones.
 */
public interface PropertySet {

    /** The properties under design {@code d}: {@code Property.always} invariants or {@code sometimes} witnesses. */
    List<Property<State>> properties(Design d);
}
