package foliocheck.check;

import foliocheck.engine.Outcome;
import foliocheck.engine.Trace;
import foliocheck.model.State;
import foliocheck.render.TraceReport;
import java.util.ArrayList;
import java.util.List;

/** Turns an engine outcome into the renderers' {@link TraceReport}. */
public final class Reports {
    private Reports() { }

    /** The report of {@code o} (which has a trace) for the model {@code m}. */
    public static TraceReport of(FolioModel m, Outcome<State> o) {
        Trace<State> t = o.trace();
        List<TraceReport.Row> rows = new ArrayList<>();
        boolean violation = o.status() == Outcome.Status.VIOLATED;
        for (int i = 0; i < t.steps().size(); i++) {
            Trace.Step<State> s = t.steps().get(i);
            rows.add(new TraceReport.Row(s.thread(), s.label(), s.choice(), m.changes(t.before(i), s.state()),
                    violation && i == t.steps().size() - 1));
        }
        String command = "./foliocheck check " + m.scenario().name() + m.loadOptions() + " --design "
                + m.design().name() + " --property " + o.name();
        return new TraceReport(m.scenario().name(), m.design().name(),
                violation ? TraceReport.VIOLATION : TraceReport.WITNESS, o.name(), o.doc(),
                o.detail() == null ? "" : o.detail(), m.threadNames(), m.describeInitial(t.initial()),
                List.copyOf(rows), command);
    }
}
