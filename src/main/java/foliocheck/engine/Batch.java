package foliocheck.engine;

import java.util.Arrays;

/**
 * Up to {@link #MAX} states of a breadth-first frontier, in the order they were found.
 *
 * <p>A batch is <em>open</em> while the level that found its states runs: each entry has
 * the fingerprint, the parent's state number and the step that reached it, and the worker
 * that takes its fingerprint's owner in the {@link VisitedSet} records whether the state
 * was new, and its number ({@link #record}). The next level {@link #resolve}s the batch
 * before expanding it: entries that were not new (another worker found them first) are
 * passed over, and {@link #ids} then holds the kept entries' numbers in order.
 *
 * <p>With a {@link StateCodec}, a state is kept as its words, against the batch's previous
 * packed state: the number of words, then for each 64 of them a mask (a varint) of those
 * that differ, and each of those XORed with the previous state's (a varint). States found
 * together are siblings and share most words, so a state takes a dozen bytes or so instead
 * of a graph of objects, and a level is read front to back, as the cache likes it
 * ({@link Reader} keeps the previous words and changes only those that differ). States
 * that do not pack, and every state without a codec, are kept as objects.
 */
final class Batch<S> {
    static final int MAX = 256;
    private static final long[] NONE = new long[0];

    private int count;
    /** After {@link #resolve}: the kept entries' state numbers, in order. */
    int[] ids;
    /** While open: each entry's fingerprint, the owner of that fingerprint, parent's number and step. */
    long[] fp = new long[16];
    private byte[] owner = new byte[16];
    /**
     * While open: the next entry of the same owner, or -1, and each owner's first and last
     * entry (-1: none), so that the worker adding an owner's entries visits only those.
     */
    private short[] nextSame = new short[16];
    private short[] firstOf;
    private short[] lastOf;
    int[] from = new int[16];
    int[] choice = new int[16];
    /**
     * While open: what each worker recorded for the entries of the owners it took
     * ({@link #record}), and which worker took each owner ({@link #take}). Arrays per worker,
     * not per owner: an owner's array would be a second copy of the batch's ids for each of
     * several owners, kept until the next level.
     */
    private int[][] recorded;
    private byte[] takenBy;
    private byte[] bytes = new byte[64];
    private int used;
    private Object[] objects;
    private int objectCount;
    /** The previous packed state's words (while writing), a copy: the codec reuses its arrays. */
    private long[] last = NONE;
    private int lastLength;
    /** Entries that were not new; null when none. */
    private long[] dropped;
    private int live = -1;

    /**
     * An open batch whose fingerprints belong to {@code owners} owners, to be added by
     * {@code workers} workers (at most 256 each).
     */
    Batch(int workers, int owners) {
        recorded = new int[workers][];
        takenBy = new byte[owners];
        firstOf = new short[owners];
        lastOf = new short[owners];
        Arrays.fill(firstOf, (short) -1);
        Arrays.fill(lastOf, (short) -1);
    }

    /**
     * An open batch sized like {@code like}, the batch its writer filled before: the
     * arrays then seldom grow (and copy) while it fills.
     */
    Batch(int workers, int owners, Batch<?> like) {
        this(workers, owners);
        int n = Math.max(16, like.count);
        fp = new long[n];
        owner = new byte[n];
        nextSame = new short[n];
        from = new int[n];
        choice = new int[n];
        bytes = new byte[Math.max(64, like.used + like.used / 8)];
    }

    boolean full() {
        return count == MAX;
    }

    /** Number of entries, kept or not, while open. */
    int size() {
        return count;
    }

    /** Number of entries kept; once resolved. */
    int live() {
        return live;
    }

    /**
     * Appends a state found from state number {@code parent} by step {@code step}; its
     * fingerprint {@code f} belongs to owner {@code own}.
     */
    void add(S s, int parent, int step, long f, int own, StateCodec<S> codec) {
        if (count == fp.length) {
            int n = Math.min(MAX, count * 2);
            fp = Arrays.copyOf(fp, n);
            owner = Arrays.copyOf(owner, n);
            nextSame = Arrays.copyOf(nextSame, n);
            from = Arrays.copyOf(from, n);
            choice = Arrays.copyOf(choice, n);
        }
        fp[count] = f;
        owner[count] = (byte) own;
        nextSame[count] = -1;
        if (lastOf[own] < 0) {
            firstOf[own] = (short) count;
        } else {
            nextSame[lastOf[own]] = (short) count;
        }
        lastOf[own] = (short) count;
        from[count] = parent;
        choice[count] = step;
        long[] w = codec == null ? null : codec.encode(s);
        if (w == null) {
            room(1);
            bytes[used++] = 0;
            if (objects == null || objectCount == objects.length) {
                objects = objects == null ? new Object[4] : Arrays.copyOf(objects, objectCount * 2);
            }
            objects[objectCount++] = s;
        } else {
            int n = w.length;
            room(10 * (n + 1) + 10 * ((n + 63) / 64));
            int at = put(bytes, used, n + 1L);
            if (last.length < n) {
                last = Arrays.copyOf(last, Math.max(n, 2 * last.length));
            }
            long[] l = last;
            if (n > lastLength) {
                Arrays.fill(l, lastLength, n, 0);   // as the reader: words past the previous state's XOR with 0
            }
            byte[] out = bytes;
            for (int c = 0; c < n; c += 64) {
                int end = Math.min(n, c + 64);
                long mask = 0;
                for (int i = c; i < end; i++) {
                    mask |= (w[i] != l[i] ? 1L : 0) << (i - c);
                }
                at = put(out, at, mask);
                for (long m = mask; m != 0; m &= m - 1) {
                    int i = c + Long.numberOfTrailingZeros(m);
                    at = put(out, at, w[i] ^ l[i]);
                }
            }
            used = at;
            System.arraycopy(w, 0, l, 0, n);
            lastLength = n;
        }
        count++;
    }

    /** The owner of entry {@code j}'s fingerprint. */
    int owner(int j) {
        return owner[j] & 0xFF;
    }

    /** The first entry of owner {@code own}, or -1; while open. */
    int first(int own) {
        return firstOf[own];
    }

    /** The entry after {@code j} with the same owner, or -1; while open. */
    int next(int j) {
        return nextSame[j];
    }

    /** Worker {@code worker} adds the entries of owner {@code own}; before it records any. */
    void take(int own, int worker) {
        takenBy[own] = (byte) worker;
    }

    /**
     * Worker {@code worker}, which took entry {@code j}'s owner, records the entry's state
     * number, or -1 if the state was not new. Workers write to separate arrays, so they never
     * share a cache line.
     */
    void record(int worker, int j, int id) {
        int[] r = recorded[worker];
        if (r == null || j >= r.length) {
            r = recorded[worker] = r == null ? new int[count] : Arrays.copyOf(r, count);
        }
        r[j] = id + 1;   // 0: not recorded (a limit ended the level first)
    }

    /** Entry {@code j}'s state number as it was recorded, or -1; while open. */
    int recorded(int j) {
        int[] r = recorded[takenBy[owner[j] & 0xFF] & 0xFF];
        return r == null || j >= r.length ? -1 : r[j] - 1;
    }

    /**
     * Keeps the entries recorded as new, in order, with their numbers in {@link #ids}, and
     * frees what only the open batch needed. Returns the number kept.
     */
    int resolve() {
        if (live >= 0) {
            return live;
        }
        ids = new int[count];
        int k = 0;
        for (int j = 0; j < count; j++) {
            int id = recorded(j);
            if (id >= 0) {
                ids[k++] = id;
            } else {
                if (dropped == null) {
                    dropped = new long[MAX / 64];
                }
                dropped[j >>> 6] |= 1L << j;
            }
        }
        live = k;
        if (k != count) {
            ids = Arrays.copyOf(ids, k);
        }
        fp = null;
        owner = null;
        nextSame = null;
        firstOf = null;
        lastOf = null;
        from = null;
        choice = null;
        recorded = null;
        takenBy = null;
        last = null;
        if (bytes.length - used > used / 8) {
            bytes = Arrays.copyOf(bytes, used);   // the frontier is most of the memory a level needs
        }
        return k;
    }

    /** Bytes held, for statistics. */
    long bytes() {
        return bytes.length + (ids == null ? 0 : 4L * ids.length)
                + (objects == null ? 0 : (long) VisitedSet.REFERENCE * objects.length);
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
        /** The previous packed state's words, turned into the next one's in place. */
        private long[] words = new long[16];
        private int length;
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
            length = 0;
        }

        /** The next kept state; entries not kept are read (for the words after them) and passed over. */
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
                if (n > words.length) {
                    words = Arrays.copyOf(words, Math.max(n, words.length * 2));
                }
                long[] c = words;
                if (n > length) {
                    Arrays.fill(c, length, n, 0);   // words past the previous state's XOR with 0
                }
                for (int base = 0; base < n; base += 64) {
                    for (long m = get(); m != 0; m &= m - 1) {
                        c[base + Long.numberOfTrailingZeros(m)] ^= get();
                    }
                }
                length = n;
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
