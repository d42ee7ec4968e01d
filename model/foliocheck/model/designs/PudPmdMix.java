package foliocheck.model.designs;

import foliocheck.model.Level;
import foliocheck.model.Mainline;

/** Bug variant of {@code mainline}: a PMD-size fault may map a PUD-order folio with a PMD entry. */
public class PudPmdMix extends Mainline {
    @Override
    public String name() {
        return "pud-pmd-mix";
    }

    @Override
    public String doc() {
        return "bug: a PMD-size fault maps part of a PUD folio with a PMD entry";
    }

    @Override
    public Level faultLevel(Level order, Level wanted) {
        if (order == Level.PUD && wanted == Level.PMD) {
            return Level.PMD;
        }
        return super.faultLevel(order, wanted);
    }
}
