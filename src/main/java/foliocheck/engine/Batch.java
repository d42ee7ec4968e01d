package foliocheck.engine;

import java.util.Arrays;

/**
 * Up to {@link #MAX} states of a breadth-first frontier, in the order they were found,
 * with their numbers and, until the level that found them is collected, the frontier
 * position and step that reached each.
 *
 * <p>With a {@link StateCodec}, a state is kept as its words, each XORed with the same word
 * of the batch's previous packed state and written as a varint. States found together are
 * siblings and share most words, so a state takes a few dozen bytes instead of a graph of
 * objects, and a level is read front to back, as the cache likes it ({@link Reader} keeps
 * the previous words). States that do not pack, and every state without a codec, are kept
 * as objects.
 */
final class Batch<S> {
    static final int MAX = 256;
    private static final long[] NONE = new long[0];

    private int count;
    /** Each entry's state number; after {@link #keep}, those of the kept entries, in order. */
    int[] ids = new int[16];
    /** Each entry's parent position and step while its level runs; after {@link #keep}, the kept entries'. */
    int[] pos = new int[16];
    private int[] choice = new int[16];
    private byte[] bytes = new byte[64];
    private int used;
    private Object[] objects;
    private int objectCount;
    /** The previous packed state's words (while writing). */
    private long[] last = NONE;
    /** Entries another chunk reached through an earlier (position, step); null when none. */
    private long[] dropped;
    private int live;

    boolean full() {
        return count == MAX;
    }

    /** Number of entries kept. */
    int live() {
        return live;
    }

    /** Appends a state found from frontier position {@code p} by step {@code c}. */
    void add(S s, int id, int p, int c, StateCodec<S> codec) {
        if (count == ids.length) {
            int n = Math.min(MAX, count * 2);
            ids = Arrays.copyOf(ids, n);
            pos = Arrays.copyOf(pos, n);
            choice = Arrays.copyOf(choice, n);
        }
        ids[count] = id;
        pos[count] = p;
        choice[count] = c;
        long[] w = codec == null ? null : codec.encode(s);
        if (w == null) {
            room(1);
            bytes[used++] = 0;
            if (objects == null || objectCount == objects.length) {
                objects = objects == null ? new Object[4] : Arrays.copyOf(objects, objectCount * 2);
            }
            objects[objectCount++] = s;
        } else {
            room(10 * (w.length + 1));
            used = put(bytes, used, w.length + 1L);
            for (int i = 0; i < w.length; i++) {
                used = put(bytes, used, w[i] ^ (i < last.length ? last[i] : 0));
            }
            last = w;
        }
        count++;
        live = count;
    }

    /**
     * Keeps only the entries whose (position, step) is still their state's parent link:
     * with several workers, another chunk may have reached a state through an earlier one.
     * Returns the number kept.
     */
    int keep(VisitedSet visited) {
        if (!visited.concurrent()) {
            return live;   // one worker meets each state first through its earliest (position, step)
        }
        int k = 0;
        for (int j = 0; j < count; j++) {
            if (visited.parent(ids[j]) == pos[j] && visited.choice(ids[j]) == choice[j]) {
                ids[k] = ids[j];
                pos[k++] = pos[j];
            } else {
                if (dropped == null) {
                    dropped = new long[MAX / 64];
                }
                dropped[j >>> 6] |= 1L << j;
            }
        }
        live = k;
        return k;
    }

    /** Frees what only the level that found these states needed, and the unused room. */
    void settle() {
        pos = null;
        choice = null;
        last = null;
        if (ids.length != live) {
            ids = Arrays.copyOf(ids, live);
        }
        if (bytes.length != used) {
            bytes = Arrays.copyOf(bytes, used);
        }
    }

    /** Bytes held, for statistics. */
    long bytes() {
        return bytes.length + 4L * ids.length + (objects == null ? 0 : 4L * objects.length);
    }

    private void room(int n) {
        if (used + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + n));
        }
    }

    private static int put(byte[] b, int at, long v) {
        while ((v & ~0x7FL) != 0) {
            b[at++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        return at;
    }

    /** Reads batches front to back; one per search thread. */
    static final class Reader<S> {
        private final StateCodec<S> codec;
        private long[] prev = new long[16];
        private long[] cur = new long[16];
        private int prevLength;
        private Batch<S> batch;
        private int at;
        private int entry;
        private int object;

        Reader(StateCodec<S> codec) {
            this.codec = codec;
        }

        void start(Batch<S> b) {
            batch = b;
            at = 0;
            entry = 0;
            object = 0;
            prevLength = 0;
        }

        /** The next kept state; entries dropped by {@link #keep} are read (for the words after them) and passed over. */
        @SuppressWarnings("unchecked")
        S next() {
            while (true) {
                Batch<S> b = batch;
                boolean kept = b.dropped == null || (b.dropped[entry >>> 6] & 1L << entry) == 0;
                entry++;
                int n = (int) get() - 1;
                if (n < 0) {
                    Object s = b.objects[object++];
                    if (kept) {
                        return (S) s;
                    }
                    continue;
                }
                if (n > cur.length) {
                    cur = new long[Math.max(n, cur.length * 2)];
                }
                long[] p = prev;
                long[] c = cur;
                for (int i = 0; i < n; i++) {
                    c[i] = get() ^ (i < prevLength ? p[i] : 0);
                }
                cur = p;
                prev = c;
                prevLength = n;
                if (kept) {
                    return codec.decode(c, n);
                }
            }
        }

        private long get() {
            byte[] b = batch.bytes;
            long v = 0;
            int shift = 0;
            byte x;
            do {
                x = b[at++];
                v |= (long) (x & 0x7F) << shift;
                shift += 7;
            } while (x < 0);
            return v;
        }
    }
}
