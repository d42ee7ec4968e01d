package foliocheck.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Golden files under {@code src/test/resources/golden/}: output a reviewer has read once and
 * that must not change by accident. Run the tests with {@code -Dgolden.update=true} to
 * rewrite the files instead of comparing, then review the diff.
 */
public final class Golden {

    /** System property that switches {@link #assertMatches} from comparing to rewriting. */
    public static final String UPDATE = "golden.update";

    private Golden() {
    }

    /**
     * Fails unless {@code actual} equals the golden file {@code name} (a path relative to the
     * golden directory, e.g. {@code render-pin-truncate.txt}); with {@code -Dgolden.update=true}
     * writes {@code actual} to the file instead.
     */
    public static void assertMatches(String name, String actual) {
        Path file = directory().resolve(name);
        String test = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass()
                .getName();
        String regenerate = "if the change is intended, regenerate with: mvn test -Dtest=" + test + " -D"
                + UPDATE + "=true and review the diff of " + file;
        try {
            if (Boolean.getBoolean(UPDATE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) {
                fail("golden file " + file + " does not exist; " + regenerate);
            }
            // Tolerate a checkout that turned LF into CRLF; the outputs themselves use LF.
            String expected = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            if (!expected.equals(actual)) {
                assertEquals(expected, actual, "output differs from golden file " + file
                        + " at line " + firstDifferentLine(expected, actual) + "; " + regenerate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + file, e);
        }
    }

    private static Path directory() {
        // Surefire runs in the module directory and sets "basedir"; an IDE may only set user.dir.
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")),
                "src", "test", "resources", "golden");
    }

    private static int firstDifferentLine(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        int i = 0;
        while (i < a.length && i < b.length && a[i].equals(b[i])) {
            i++;
        }
        return i + 1;
    }
}
