import foliocheck.model.Fault;
import foliocheck.model.Level;
import foliocheck.model.PgmapKill;
import foliocheck.model.Pin;
import foliocheck.model.Scenario;
import foliocheck.model.Truncate;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code request-release} with two GUP pins of the same address instead of one: two
 * transient references can now overlap the release.
 */
public class TwoPinsRelease implements Supplier<Scenario> {
    @Override
    public Scenario get() {
        return new Scenario("two-pins-release",
                "fault, two GUP pins of one folio, truncate, then device unbind",
                List.of(new Fault("fault", 0, 0, Level.PTE, false),
                        new Pin("pin0", 0, false),
                        new Pin("pin1", 0, false),
                        new Truncate(false),
                        new PgmapKill(true)),
                List.of(Level.PTE),
                List.of("pinned", "truncate-waited", "teardown-done"));
    }
}
