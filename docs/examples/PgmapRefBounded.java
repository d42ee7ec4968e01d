import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.model.Kernel;
import foliocheck.model.Local;
import foliocheck.model.Pgmap;
import foliocheck.model.Program;
import foliocheck.model.State;
import foliocheck.properties.PropertySet;
import java.util.List;

/**
 * No pgmap reference is leaked: while the pgmap is live, {@code pgmap->ref} is at most the
 * reference taken at setup, plus one for each folio above refcount 0 (designs where an active
 * folio holds a pgmap reference), plus one for each thread inside a
 * {@code get_dev_pagemap}/{@code put_dev_pagemap} pair or on the free path of a folio it
 * took to 0 ({@code free_zone_device_folio}, where such a design drops it). A larger count is a reference nobody
 * will drop, which {@code memunmap_pages} would wait for forever; this property reports the
 * step that loses it instead of the hang at the end.
 */
public class PgmapRefBounded implements PropertySet {
    @Override
    public List<Property<State>> properties(Design d) {
        return List.of(Property.always("pgmap-ref-bounded",
                "while the pgmap is live, pgmap->ref <= 1 + folios above refcount 0 + get_dev_pagemap holders"
                        + " + threads in free_zone_device_folio",
                PgmapRefBounded::holds, PgmapRefBounded::explain));
    }

    private static int bound(State s) {
        Kernel k = s.kernel();
        int n = 1;
        for (int f = 0; f < k.folios().size(); f++) {
            if (k.folio(f).refcount() > 0) {
                n++;
            }
        }
        for (Local l : s.threads()) {
            if (l.has(Local.PGMAP_REF) || Program.freeing(l)) {
                n++;
            }
        }
        return n;
    }

    static boolean holds(State s) {
        Pgmap p = s.kernel().pgmap();
        return p.life() != Pgmap.Life.LIVE || p.ref() <= bound(s);
    }

    static String explain(State s) {
        return "pgmap->ref " + s.kernel().pgmap().ref() + ", accounted for: " + bound(s);
    }
}
