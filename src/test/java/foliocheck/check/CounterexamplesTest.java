package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Checker;
import foliocheck.engine.Outcome;
import foliocheck.model.State;
import foliocheck.render.DotTrace;
import foliocheck.render.JsonTrace;
import foliocheck.render.TextTrace;
import foliocheck.render.TraceReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed counterexamples are what the current model produces; regenerate with counterexamples/regenerate. */
class CounterexamplesTest {
    private static final Path DIR = Path.of("counterexamples");

    @Test
    void committedCounterexamplesAreCurrent() throws Exception {
        List<Path> jsons;
        try (Stream<Path> s = Files.list(DIR)) {
            jsons = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        // exactly the ones counterexamples/regenerate writes ("run SCENARIO DESIGN PROPERTY" lines)
        List<String> listed = Files.readAllLines(DIR.resolve("regenerate")).stream().filter(l -> l.startsWith("run "))
                .map(l -> l.substring(4).trim().replace(' ', '.')).sorted().toList();
        assertTrue(listed.size() >= 11, "the section 5 counterexamples at least: " + listed);
        assertEquals(listed, jsons.stream().map(p -> p.getFileName().toString().replaceFirst("\\.json$", "")).toList());
        for (Path json : jsons) {
            TraceReport saved = JsonTrace.read(Files.readString(json, StandardCharsets.UTF_8));
            FolioModel m = new FolioModel(Catalog.builtIn().scenario(saved.scenario()), Catalog.builtIn().design(saved.design()));
            Outcome<State> o = Checker.of(m).run().outcome(saved.property());
            assertEquals(Outcome.Status.VIOLATED, o.status(), json.toString());
            TraceReport now = Reports.of(m, o);
            String base = json.getFileName().toString().replaceFirst("\\.json$", "");
            String stale = " is stale: run counterexamples/regenerate and review the diff";
            assertEquals(Files.readString(json), JsonTrace.write(now), json + stale);
            assertEquals(Files.readString(DIR.resolve(base + ".txt")), TextTrace.render(now), base + ".txt" + stale);
            assertEquals(Files.readString(DIR.resolve(base + ".dot")), DotTrace.dot(now), base + ".dot" + stale);
            String svg = Files.readString(DIR.resolve(base + ".svg"), StandardCharsets.UTF_8).replace("&#45;", "-");
            String title = saved.property() + " violated in design " + saved.design() + ", scenario " + saved.scenario();
            assertTrue(svg.contains("<svg") && svg.contains(title), base + ".svg is not a drawing of " + title);
        }
    }
}
