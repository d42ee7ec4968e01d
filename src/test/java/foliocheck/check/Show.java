package foliocheck.check;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.engine.Result;
import foliocheck.engine.Trace;
import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.model.State;

public class Show {
    public static void main(String[] a) {
        Scenario sc = Scenarios.all().stream().filter(s -> s.name().equals(a[0])).findFirst().get();
        Design d = Designs.all().stream().filter(s -> s.name().equals(a[1])).findFirst().get();
        FolioModel m = new FolioModel(sc, d);
        Result<State> r = Checker.of(m).run();
        for (Outcome<State> o : r.outcomes()) {
            if (o.status() != Outcome.Status.VIOLATED || (a.length > 2 && !o.name().equals(a[2]))) continue;
            System.out.println("== " + o.name() + ": " + o.detail());
            Trace<State> t = o.trace();
            for (int i = 0; i < t.steps().size(); i++) {
                Trace.Step<State> s = t.steps().get(i);
                System.out.printf("%2d %-10s %-32s %s%n", i + 1, m.threadNames().get(s.thread()), s.label(), m.changes(t.before(i), s.state()));
            }
        }
    }
}
