import foliocheck.model.Fault;
import foliocheck.model.Level;
import foliocheck.model.Pin;
import foliocheck.model.Scenario;
import foliocheck.model.Truncate;
import java.util.List;
import java.util.function.Supplier;

/** {@code pin-truncate} with a PMD-order folio mapped by a PMD fault. */
public class PmdPinTruncate implements Supplier<Scenario> {
    @Override
    public Scenario get() {
        return new Scenario("pmd-pin-truncate",
                "a PMD fault maps a PMD folio, GUP pins it for DMA, truncate runs concurrently",
                List.of(new Fault("fault", 0, 0, Level.PMD, false),
                        new Pin("pin", 0, false),
                        new Truncate(false)),
                List.of(Level.PMD),
                List.of("pinned", "truncate-waited", "block-freed"));
    }
}
