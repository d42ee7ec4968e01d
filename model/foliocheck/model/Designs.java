package foliocheck.model;

import foliocheck.model.designs.EvictNoWait;
import foliocheck.model.designs.ForkChildFirst;
import foliocheck.model.designs.GupFastNoRecheck;
import foliocheck.model.designs.Legacy;
import foliocheck.model.designs.Legacy413;
import foliocheck.model.designs.Legacy60;
import foliocheck.model.designs.MainlineExt2;
import foliocheck.model.designs.MainlineExt4;
import foliocheck.model.designs.MainlineNoRmapbt;
import foliocheck.model.designs.Pageless;
import foliocheck.model.designs.PreBusyWait;
import foliocheck.model.designs.PudPmdMix;
import foliocheck.model.designs.RequestFolios;
import foliocheck.model.designs.RequestOffset;
import foliocheck.model.designs.ScanBeforeUnmap;
import foliocheck.model.designs.SpecialRefcountedPmd;
import java.util.List;

/** The built-in designs, in the order the command line lists them. */
public final class Designs {
    private Designs() { }

    /** Fresh instances of every built-in design. */
    public static List<Design> all() {
        return List.of(new Mainline(), new MainlineExt4(), new MainlineNoRmapbt(), new MainlineExt2(), new Legacy(), new Legacy60(),
                new Legacy413(), new PreBusyWait(), new RequestFolios(), new RequestOffset(), new Pageless(), new GupFastNoRecheck(),
                new ScanBeforeUnmap(), new EvictNoWait(), new SpecialRefcountedPmd(), new PudPmdMix(),
                new ForkChildFirst());
    }

    /** A fresh instance of the built-in design called {@code name}, or null. */
    public static Design named(String name) {
        List<Design> all = all();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return all.get(i);
            }
        }
        return null;
    }
}
