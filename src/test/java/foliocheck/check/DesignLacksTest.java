package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Design#lacks}, what a check's row gives as the reason its witnesses went unreached:
 * every vacuous built-in check has one. (A check that holds may have one too, unshown: under
 * {@code pageless}, GUP fails, and {@code longterm-pin} expects it to.)
 */
class DesignLacksTest {

    @Test
    void everyVacuousCheckHasAReason() throws Exception {
        int vacuous = 0;
        for (String row : Files.readAllLines(Path.of("src/test/resources/golden/verdicts.txt"))) {
            String[] f = row.split("\\s+");
            List<String> lacks = Designs.named(f[1]).lacks(Scenarios.named(f[0]));
            if (f[2].equals("VACUOUS")) {
                vacuous++;
                assertTrue(!lacks.isEmpty(), row);
            }
        }
        assertEquals(27, vacuous, "the main job's vacuous checks");
    }

    @Test
    void eachReasonNamesWhatTheDesignCannotDo() {
        assertEquals(List.of("no struct pages (GUP fails)"), lacks("pageless", "pin-truncate"));
        assertEquals(List.of("no struct pages (GUP fails, no page to share)"), lacks("pageless", "reflink-two-maps"));
        assertEquals(List.of("no reflink (ext4)"), lacks("mainline-ext4", "reflink-truncate"));
        assertEquals(List.of("no DAX reflink (XFS shares DAX files' blocks since 6.2)"), lacks("legacy-4.13", "reflink-two-maps"));
        assertEquals(List.of("no PMD mappings of FS DAX files (ext2)"), lacks("mainline-ext2", "pmd-fault-zap"));
        Design keep = new foliocheck.model.Mainline() {
            @Override
            public boolean reassociatesSharedEntry() {
                return false;
            }
        };
        assertEquals(List.of("no re-association of a shared entry that names the folio (nothing unmaps it)"),
                keep.lacks(Scenarios.named("reflink-two-maps")));
        for (Scenario sc : Scenarios.all()) {
            assertEquals(List.of(), Designs.named("mainline").lacks(sc), sc.name());
        }
    }

    private static List<String> lacks(String design, String scenario) {
        return Designs.named(design).lacks(Scenarios.named(scenario));
    }
}
