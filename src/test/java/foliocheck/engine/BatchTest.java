package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frontier batches give back exactly the states put in, in order, with dropped entries passed over. */
class BatchTest {

    /** Strings as one word a character; strings starting with '!' do not pack. */
    private static final StateCodec<String> CODEC = new StateCodec<>() {
        @Override
        public long[] encode(String s) {
            if (s.startsWith("!")) {
                return null;
            }
            long[] w = new long[s.length()];
            for (int i = 0; i < w.length; i++) {
                w[i] = (long) s.charAt(i) << (i % 3 * 20) | (i % 5 == 0 ? Long.MIN_VALUE : 0);
            }
            return w;
        }

        @Override
        public String decode(long[] words, int length) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                b.append((char) ((words[i] & Long.MAX_VALUE) >>> (i % 3 * 20)));
            }
            return b.toString();
        }
    };

    private static List<String> states() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < Batch.MAX; i++) {
            // Some long ones, whose words go past a hundred.
            String tail = i % 13 == 0 ? "y".repeat(100 + i) + i : "x".repeat(i % 11);
            l.add(i % 7 == 3 ? "!object" + i : "state-" + (i * 7919 % 1000) + tail);
        }
        l.set(5, "");
        return l;
    }

    @Test
    void statesComeBackInOrderWithAndWithoutACodec() {
        for (StateCodec<String> codec : java.util.Arrays.asList(CODEC, null)) {
            Batch<String> b = new Batch<>(1, 1);
            List<String> in = states();
            for (int i = 0; i < in.size(); i++) {
                b.add(in.get(i), i, 0, Fingerprint.mix(i), 0, codec);
                b.record(0, i, 1000 + i);
            }
            assertTrue(b.full());
            assertEquals(in.size(), b.resolve());
            Batch.Reader<String> r = new Batch.Reader<>(codec);
            r.start(b);
            for (int i = 0; i < in.size(); i++) {
                assertEquals(in.get(i), r.next(), "entry " + i);
                assertEquals(1000 + i, b.ids[i]);
            }
        }
    }

    @Test
    void entriesNotRecordedAsNewArePassedOverAndTheRestDecodeIntact() {
        // Three owners, taken by two workers: owner 2's entries are worker 0's.
        Batch<String> b = new Batch<>(2, 3);
        b.take(0, 0);
        b.take(1, 1);
        b.take(2, 0);
        List<String> in = states();
        for (int i = 0; i < in.size(); i++) {
            b.add(in.get(i), 40 + i, i % 3, Fingerprint.mix(i + 1), i % 3, CODEC);
        }
        for (int own = 0; own < 3; own++) {
            // Each owner's entries, in the order they were added, and no others.
            List<Integer> chain = new ArrayList<>();
            for (int j = b.first(own); j >= 0; j = b.next(j)) {
                chain.add(j);
            }
            List<Integer> expected = new ArrayList<>();
            for (int i = own; i < in.size(); i += 3) {
                expected.add(i);
            }
            assertEquals(expected, chain, "owner " + own);
        }
        List<String> kept = new ArrayList<>();
        List<Integer> keptIds = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            assertEquals(i % 3, b.owner(i));
            assertEquals(40 + i, b.from[i]);
            assertEquals(i % 3, b.choice[i]);
            assertEquals(Fingerprint.mix(i + 1), b.fp[i]);
            if (i % 4 == 1 || i == 0) {
                b.record(i % 3 == 1 ? 1 : 0, i, -1);   // another worker met the state first
            } else if (i % 17 != 2) {   // and these a limit left unrecorded
                b.record(i % 3 == 1 ? 1 : 0, i, 5000 + i);
                kept.add(in.get(i));
                keptIds.add(5000 + i);
            }
        }
        assertEquals(-1, b.recorded(0));
        assertEquals(-1, b.recorded(2));
        assertEquals(5003, b.recorded(3));
        assertEquals(kept.size(), b.resolve());
        assertArrayEquals(keptIds.stream().mapToInt(Integer::intValue).toArray(), b.ids);
        Batch.Reader<String> r = new Batch.Reader<>(CODEC);
        r.start(b);
        for (String s : kept) {
            assertEquals(s, r.next());
        }
    }

    @Test
    void longStatesDifferingFarInComeBack() {
        String a = "z".repeat(300);
        List<String> in = List.of(a, a.substring(0, 20) + "q" + a.substring(21, 150) + "q" + a.substring(151),
                a.substring(0, 290) + "q" + a.substring(291), a);
        Batch<String> b = new Batch<>(1, 1);
        for (int i = 0; i < in.size(); i++) {
            b.add(in.get(i), 0, i, i, 0, CODEC);
        }
        resolveAll(b);
        Batch.Reader<String> r = new Batch.Reader<>(CODEC);
        r.start(b);
        for (String s : in) {
            assertEquals(s, r.next());
        }
    }

    @Test
    void siblingsThatShareWordsTakeFewBytes() {
        Batch<String> b = new Batch<>(1, 1);
        for (int i = 0; i < 100; i++) {
            b.add("0123456789abcdef" + (char) ('a' + i % 26), 0, i, i, 0, CODEC);
        }
        resolveAll(b);
        // 17 words a state; all but the last XOR to zero against the previous state: one byte each.
        assertTrue(b.bytes() < 100 * (17 + 8 + 4) + 200, "bytes " + b.bytes());
    }

    /** Records every entry as new, numbered by its index, and resolves the batch. */
    private static void resolveAll(Batch<String> b) {
        for (int i = 0; i < b.size(); i++) {
            b.record(0, i, i);
        }
        assertEquals(b.size(), b.resolve());
    }
}
