package foliocheck.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drawing images through whichever engine this machine has: the dot command if on PATH,
 * else J2V8 (about 1.5 s for the first image in a JVM). Asserts on content, never on pixels.
 */
class DotImageTest {

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void svgContainsEveryStepLabel() {
        TraceReport r = Samples.pinTruncate();
        String svg = new String(DotTrace.image(r, "svg"), StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<svg") || svg.startsWith("<?xml"), svg.substring(0, Math.min(200, svg.length())));
        assertTrue(svg.strip().endsWith("</svg>"), "complete document");
        for (TraceReport.Row row : r.rows()) {
            // Graphviz writes '-' as &#45; but labels here are identifiers with '_'.
            assertTrue(svg.contains(row.label()), row.label() + " in\n" + svg);
        }
        assertTrue(svg.contains("violated: no&#45;free&#45;while&#45;busy")
                || svg.contains("violated: no-free-while-busy"), "legend in\n" + svg);
    }

    @Test
    void pngIsAPngOfSaneSize() throws IOException {
        byte[] png = DotTrace.image(Samples.truncateWaits(), "png");
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, PNG_MAGIC.length));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        // Three lanes side by side and six steps one below the other.
        assertTrue(image.getWidth() > 300 && image.getHeight() > 300,
                image.getWidth() + "x" + image.getHeight());
        assertTrue(image.getWidth() < 4000 && image.getHeight() < 4000,
                image.getWidth() + "x" + image.getHeight());
    }

    /**
     * An image depends only on its trace: not on the images this JVM drew before, nor on the
     * run. J2V8 used to draw every image on the Graphviz heap the previous ones left, and
     * Graphviz orders clusters by the heap addresses of their names, so the lanes'
     * {@code <g class="cluster">} elements moved with what was drawn before (and from run to
     * run). Each trace is drawn three times, after different others, and must come out the
     * same each time; the six-lane one must also equal what a new JVM draws when it draws
     * only that trace, which checks that what must carry over from one drawing to the next,
     * the font's widths, still does (the new JVM takes about 2.5 s).
     */
    @Test
    void anImageDependsOnlyOnItsTrace(@TempDir Path dir) throws IOException, InterruptedException {
        List<TraceReport> traces = List.of(Samples.sixThreads(), Samples.pinTruncate(), Samples.truncateWaits());
        List<String> first = new ArrayList<>();
        for (TraceReport r : traces) {
            first.add(svg(r));
        }
        int[][] orders = {{2, 1, 0}, {1, 2, 0}};
        for (int[] order : orders) {
            for (int i : order) {
                assertEquals(first.get(i), svg(traces.get(i)), "trace " + i + " drawn again in order "
                        + Arrays.toString(order));
            }
        }

        Path alone = dir.resolve("alone.svg");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DrawAlone.class.getName(), alone.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("alone.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("a JVM drawing one image did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("alone.log")));
        assertEquals(Files.readString(alone), first.get(0), "drawn after other images vs. drawn alone in a new JVM");
    }

    /** Draws {@link Samples#sixThreads()} as the first and only image of a JVM, into the file {@code args[0]}. */
    static final class DrawAlone {
        public static void main(String[] args) throws IOException {
            Files.write(Path.of(args[0]), DotTrace.image(Samples.sixThreads(), "svg"));
        }
    }

    private static String svg(TraceReport r) {
        return new String(DotTrace.image(r, "svg"), StandardCharsets.UTF_8);
    }

    @Test
    void withoutDotOnPathTheEngineIsJ2v8() {
        boolean dotOnPath = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            dotOnPath |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, "dot"));
        }
        // With dot on PATH it is preferred, unless it cannot draw (then J2V8 steps in).
        assertTrue(dotOnPath ? List.of("dot", "J2V8").contains(DotTrace.engine())
                : DotTrace.engine().equals("J2V8"), DotTrace.engine());
    }

    @Test
    void unknownFormatIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DotTrace.image(Samples.pinTruncate(), "gif"));
        assertEquals("unknown image format \"gif\": expected svg or png", e.getMessage());
    }
}
