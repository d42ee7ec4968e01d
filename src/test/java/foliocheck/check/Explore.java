package foliocheck.check;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;

public class Explore {
    public static void main(String[] a) {
        for (Scenario sc : Scenarios.all()) {
            if (a.length > 0 && !sc.name().equals(a[0])) continue;
            for (Design d : Designs.all()) {
                long t0 = System.nanoTime();
                Result<State> r = Checker.of(new FolioModel(sc, d)).run();
                StringBuilder sb = new StringBuilder();
                for (Outcome<State> o : r.outcomes()) {
                    if (o.failed()) sb.append(o.name()).append(o.status()==Outcome.Status.UNREACHED?"?":"").append(o.trace()!=null?"("+o.trace().steps().size()+")":"").append(' ');
                }
                System.out.printf("%-16s %-22s %-10s %9d %6dms %s%n", sc.name(), d.name(), r.verdict(), r.stats().states(),
                        (System.nanoTime()-t0)/1000000, sb);
            }
        }
    }
}
