package foliocheck.model.designs;

import foliocheck.model.Mainline;

/** Bug variant of {@code mainline}: GUP-fast returns the pin without re-reading the entry after grabbing it. */
public class GupFastNoRecheck extends Mainline {
    @Override
    public String name() {
        return "gupfast-no-recheck";
    }

    @Override
    public String doc() {
        return "bug: mainline with GUP-fast not re-checking the entry after try_grab_folio_fast";
    }

    @Override
    public boolean gupFastRechecks() {
        return false;
    }
}
