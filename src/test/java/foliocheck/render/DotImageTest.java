package foliocheck.render;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
