package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VisitedSetTest {

    @Test
    void keepsEveryFingerprintWithItsParentLink() {
        for (int workers : new int[] {1, 2}) {
            VisitedSet v = new VisitedSet(workers);
            SplittableRandom r = new SplittableRandom(7);
            int n = 300_000;
            int[] ids = new int[n];
            long[] fps = new long[n];
            for (int i = 0; i < n; i++) {
                fps[i] = i == 5 ? 0 : r.nextLong();
                ids[i] = v.add(fps[i], i - 1, i % 300);
                assertTrue(ids[i] >= 0);
            }
            assertEquals(n, v.size());
            for (int i = 0; i < n; i++) {
                assertTrue(v.contains(fps[i]));
                assertEquals(-1, v.add(fps[i], 0, 0), "a second add is refused");
                assertEquals(i - 1, v.parent(ids[i]));
                assertEquals(i % 300, v.choice(ids[i]), "step indices above a byte survive");
            }
            assertFalse(v.contains(12345));
            assertEquals(null, v.audit());
        }
    }

    @Test
    void anAddToTwoFullBucketsMovesOneResidentWithRoom() {
        // Near the top load a quarter of the adds find both buckets full; a random walk from
        // resident to resident took some 0.8 steps an add, choosing a resident whose other
        // bucket has room (its full bit clear) leaves a walk for a few in a hundred.
        VisitedSet v = new VisitedSet(1);
        SplittableRandom r = new SplittableRandom(3);
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            assertTrue(v.add(r.nextLong(), i, 0) >= 0);
        }
        assertEquals(null, v.audit());
        assertTrue(v.walkSteps() < n / 50, v.walkSteps() + " walk steps for " + n + " adds");
    }

    @Test
    void growingKeepsCrowdedFingerprintsFindable() {
        // Eight fingerprints share each low word, so they share a first bucket: most
        // overflow to their second, and every growth has to move them through the sorted
        // passes and the cuckoo fallback, not just the in-order copy.
        for (int workers : new int[] {1, 3}) {
            VisitedSet v = new VisitedSet(workers);
            SplittableRandom r = new SplittableRandom(11);
            int n = 200_000;
            long[] fps = new long[n];
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) {
                long low = Integer.toUnsignedLong((i / 8) * 0x9E3779B9);
                fps[i] = r.nextLong() << 32 | low;
                ids[i] = v.add(fps[i], i, i % 7);
                assertTrue(ids[i] >= 0, "fingerprint " + i + " taken for a repeat");
                if (Integer.bitCount(i + 1) == 1) {
                    assertEquals(null, v.audit(), "after " + (i + 1));
                    for (int j = 0; j <= i; j++) {
                        assertTrue(v.contains(fps[j]), "lost fingerprint " + j + " of " + (i + 1));
                    }
                }
            }
            assertEquals(n, v.size());
            for (int i = 0; i < n; i++) {
                assertEquals(-1, v.add(fps[i], 0, 0));
                assertEquals(i, v.parent(ids[i]));
                assertEquals(i % 7, v.choice(ids[i]));
                assertFalse(v.contains(fps[i] ^ 1L << 40), "a stranger in a crowded bucket");
            }
        }
    }

    /** The memory guard asks before each growth what it will allocate: it must not be told less. */
    @Test
    void bytesToGrowIsWhatAGrowthAllocates() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count a thread's allocations");
        long me = Thread.currentThread().getId();
        VisitedSet v = new VisitedSet(1);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        int growths = 0;
        for (int i = 0; i < 400_000; i++) {
            long fp = rnd.nextLong();
            long told = v.bytesToGrow();
            long tableBefore = v.bytes();
            long before = mx.getThreadAllocatedBytes(me);
            v.add(fp, -1, 0);
            long allocated = mx.getThreadAllocatedBytes(me) - before;
            if (v.bytes() - tableBefore > 64 * 1024) {   // this add grew the table (not a parent chunk)
                growths++;
                assertTrue(allocated <= told, "growth " + growths + " allocated " + allocated + ", told " + told);
                assertTrue(told < allocated * 3 / 2, "growth " + growths + " allocated " + allocated + ", told " + told);
            }
        }
        assertTrue(growths >= 5, growths + " growths past 64 KB");
        assertNull(v.audit());
    }

    @Test
    void staysWithinSixteenBytesAStateOnceLarge() {
        assertBytesAState(new VisitedSet(1), 1, 3_000_000, 1_000_000, 250_000, 16.5);
    }

    @Test
    void sixtyFourSegmentsStayWithinSixteenBytesAStateFromAFewThousandEach() {
        // Two workers split the set into 64 segments; tables that doubled while small kept
        // stress-1's 85,235 states (some 1,330 a segment) at 18 bytes a state.
        assertBytesAState(new VisitedSet(8), 5, 1_000_000, 80_000, 10_000, 16.0);
    }

    /**
     * Adds {@code n} random fingerprints (from {@code seed}) to {@code v}, and every
     * {@code every} of them from {@code from} on checks that it holds at most {@code max}
     * bytes a state, and counts no fewer than its fingerprints and links take.
     */
    private static void assertBytesAState(VisitedSet v, long seed, int n, int from, int every, double max) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 1; i <= n; i++) {
            v.add(r.nextLong(), 0, 0);
            if (i >= from && i % every == 0) {
                double perState = (double) v.bytes() / v.size();
                assertTrue(perState <= max, i + " states: " + perState + " bytes a state");
                // and counts what it holds: 8 bytes a fingerprint and 5 a parent link, at least
                assertTrue(perState >= 13, i + " states: only " + perState + " bytes a state counted");
            }
        }
    }

    /**
     * The width the set counts a reference at is the one the JVM lays arrays out with, with
     * compressed references (the JVM's default) and without (the launcher's).
     */
    @Test
    void countsReferencesAtTheJvmsWidth() throws Exception {
        Path out = Files.createTempFile("reference-width", ".txt");
        try {
            for (String option : new String[] {"-XX:+UseCompressedOops", "-XX:-UseCompressedOops"}) {
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        option, "-cp", System.getProperty("java.class.path"), ReferenceWidth.class.getName())
                        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(option + ": the child JVM did not end within 60 s");
                }
                List<String> lines = Files.readAllLines(out);
                assertEquals(option.contains("+") ? "4 4" : "8 8", lines.isEmpty() ? "" : lines.get(lines.size() - 1),
                        option + ": counted, laid out");
            }
        } finally {
            Files.delete(out);
        }
    }

    /** Prints the width the set counts a reference at, then the one {@code Object[]} uses. */
    static final class ReferenceWidth {
        public static void main(String[] args) throws ReflectiveOperationException {
            Class<?> unsafe = Class.forName("sun.misc.Unsafe");
            Object scale = unsafe.getField("ARRAY_OBJECT_INDEX_SCALE").get(null);
            System.out.println(VisitedSet.referenceBytes() + " " + scale);
        }
    }

    @Test
    void everySegmentHasOneOwnerAndOwnersShareTheWork() {
        for (int owners : new int[] {2, 3, 64}) {
            VisitedSet v = new VisitedSet(owners);
            int[] owned = new int[owners];
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < 64_000; i++) {
                long fp = r.nextLong();
                int o = v.ownerOf(fp);
                assertTrue(o >= 0 && o < owners);
                owned[o]++;
                int id = v.add(fp, 0, 0);
                assertEquals(o, v.ownerOf(fp), "an owner for good");
                assertTrue(id >= 0);
            }
            for (int o = 0; o < owners; o++) {
                assertTrue(owned[o] > 64_000 / owners / 2, owners + " owners: owner " + o + " has " + owned[o]);
            }
        }
        assertEquals(0, new VisitedSet(1).ownerOf(42));
    }

    @Test
    void ownersAddingAtOnceLoseNothing() throws InterruptedException {
        int owners = 4;
        VisitedSet v = new VisitedSet(owners);
        long[] fps = new SplittableRandom(11).longs(200_000).toArray();
        int[][] ids = new int[owners][fps.length];
        Thread[] threads = new Thread[owners];
        for (int o = 0; o < owners; o++) {
            int own = o;
            threads[o] = new Thread(() -> {
                for (int i = 0; i < fps.length; i++) {
                    ids[own][i] = v.ownerOf(fps[i]) == own ? v.add(fps[i], i, i % 7) : -1;
                }
            });
            threads[o].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(fps.length, v.size());
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        for (int i = 0; i < fps.length; i++) {
            int id = ids[v.ownerOf(fps[i])][i];
            assertTrue(v.contains(fps[i]));
            assertTrue(distinct.add(id), "numbers are distinct");
            assertEquals(i, v.parent(id));
            assertEquals(i % 7, v.choice(id));
        }
    }
}
