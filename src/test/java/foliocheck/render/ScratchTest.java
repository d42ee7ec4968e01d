package foliocheck.render;
import org.junit.jupiter.api.Test;
import java.nio.file.*;
class ScratchTest {
    @Test void dump() throws Exception {
        for (var e : java.util.Map.of("pin", Samples.pinTruncate(), "wait", Samples.truncateWaits(), "six", Samples.sixThreads()).entrySet()) {
            Files.writeString(Path.of("/tmp/scratch/" + e.getKey() + ".dot"), DotTrace.dot(e.getValue()));
            long t0 = System.nanoTime();
            Files.write(Path.of("/tmp/scratch/" + e.getKey() + ".svg"), DotTrace.image(e.getValue(), "svg"));
            long t1 = System.nanoTime();
            Files.write(Path.of("/tmp/scratch/" + e.getKey() + ".png"), DotTrace.image(e.getValue(), "png"));
            long t2 = System.nanoTime();
            System.out.println(e.getKey() + " engine=" + DotTrace.engine() + " svg ms " + (t1-t0)/1000000 + " png ms " + (t2-t1)/1000000);
        }
    }
}
