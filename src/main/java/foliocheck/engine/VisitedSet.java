package foliocheck.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The set of visited states, kept as 64-bit fingerprints, plus each state's parent link:
 * the number of its parent and the index of the step (in the parent's full step
 * enumeration) that led to it, enough to rebuild any trace by re-running those steps. A
 * root has parent {@code -1 - i} for initial state {@code i}.
 *
 * <p>Memory: the fingerprints live in buckets of eight (one cache line), each in the first
 * of its two buckets that has room (bucketized cuckoo hashing: a lookup reads one cache
 * line, two when the first bucket is full, and an insert into two full buckets moves a
 * resident to its other bucket). A bit a bucket marks it full, so that such an insert
 * picks a resident whose other bucket has room, without reading that bucket first.
 * That fills the table to 93% before it grows by a quarter, so its load stays between 74%
 * and 93%: 8.6 to 10.8 bytes a state (and 0.02 for the bits), small tables too (a table
 * that doubled while small would keep 64 segments of a few thousand states each half
 * empty). Parent links take 5 bytes (an int and a byte, in chunks of 256; step indices of
 * 255 and more go to a side map), 5.1 with the chunks' headers. At most 16 bytes a state in all once past the small
 * sizes, whatever the number of segments; see {@link #bytes()}.
 *
 * <p>For several search threads the set is split into 64 segments by the fingerprint's top
 * bits, each with its own table and links, and the segments into owners
 * ({@link #ownerOf}): one thread at a time adds to an owner's segments (the search hands an
 * owner to one worker for a phase), so no lock is taken and no cache line is written by two
 * threads at once. A state's number is {@code local * segments + segment}. Lookups need no
 * lock while nobody adds (breadth-first search reads and adds in separate phases).
 */
final class VisitedSet {
    /** Fingerprint 0 marks an empty slot; a real 0 is stored as this instead. */
    private static final long ZERO_STAND_IN = 0x5DEECE66DL;
    private static final int BUCKET = 8;
    /** The table grows at this load (percent); a quarter more room then leaves it at 74%. */
    private static final int MAX_LOAD_PERCENT = 93;
    private static final int MAX_KICKS = 500;
    private static final int CHUNK_BITS = 8;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** An array's header, as the JVM lays it out with compressed class pointers. */
    private static final int ARRAY_HEADER = 16;
    /** Bytes a reference takes in an array: 8, or 4 with compressed references (the launcher turns them off). */
    static final int REFERENCE = referenceBytes();

    private final Segment[] segments;
    private final int segmentShift;
    private final int owners;

    /** A set whose segments fall to {@code owners} owners, each filled by one thread at a time. */
    VisitedSet(int owners) {
        int n = owners == 1 ? 1 : 64;
        segments = new Segment[n];
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment(n == 1 ? 1024 : 8);
        }
        segmentShift = 64 - Integer.numberOfTrailingZeros(n);
        this.owners = owners;
    }

    /** The owner (0 to owners - 1) of {@code fp}'s segment; one thread at a time adds an owner's fingerprints. */
    int ownerOf(long fp) {
        return segments.length == 1 ? 0 : segmentOf(stored(fp)) % owners;
    }

    private int segmentOf(long fp) {
        return segments.length == 1 ? 0 : (int) (fp >>> segmentShift);
    }

    private static long stored(long fp) {
        return fp == 0 ? ZERO_STAND_IN : fp;
    }

    /** Number of distinct states stored. */
    long size() {
        long n = 0;
        for (Segment s : segments) {
            n += s.size;
        }
        return n;
    }

    /** Whether the fingerprint is present; not while another thread adds. */
    boolean contains(long fp) {
        fp = stored(fp);
        return segments[segmentOf(fp)].slotOf(fp) >= 0;
    }

    /**
     * Reads the cache lines {@code fp} would be looked up in (the first bucket's, and the
     * second's where the first is full), and returns a word of them: loads issued back to
     * back overlap, so touching a run of fingerprints before adding them saves most of the
     * waiting for memory.
     */
    long touch(long fp) {
        fp = stored(fp);
        Segment s = segments[segmentOf(fp)];
        int b1 = s.bucket1(fp);
        long w = s.table[b1 * BUCKET];
        // A full first bucket sends the lookup on to the second: touch that too.
        return s.full(b1) ? w + s.table[s.bucket2(fp, b1) * BUCKET] : w;
    }

    /**
     * Adds a fingerprint with its parent link; the new state's number, or -1 if present.
     * While other threads use the set, only the thread adding for the fingerprint's owner may call this.
     */
    int add(long fp, int parent, int choice) {
        fp = stored(fp);
        int seg = segmentOf(fp);
        int local = segments[seg].add(fp, parent, choice);
        return local < 0 ? -1 : local * segments.length + seg;
    }

    int parent(int id) {
        return segments[id % segments.length].parent(id / segments.length);
    }

    int choice(int id) {
        return segments[id % segments.length].choice(id / segments.length);
    }

    /** Steps of cuckoo walks so far (each a resident moved to a bucket not known to have room): for tests. */
    long walkSteps() {
        long n = 0;
        for (Segment s : segments) {
            n += s.walkSteps;
        }
        return n;
    }

    /** Bytes held by the fingerprint tables and the parent links. */
    long bytes() {
        long b = 0;
        for (Segment s : segments) {
            b += s.bytes();
        }
        return b;
    }

    /** Bytes the next growth of the largest segment would allocate, for the memory guard. */
    long bytesToGrow() {
        long most = 0;
        for (Segment s : segments) {
            most = Math.max(most, s.bytesToGrow());
        }
        return most;
    }

    /**
     * What breaks the table's rules, or null: each bucket fills from its first slot, a
     * fingerprint sits in its first bucket or, that one full, in its second, and a bucket's
     * full bit says whether its last slot is taken. For tests.
     */
    String audit() {
        for (int i = 0; i < segments.length; i++) {
            String e = segments[i].audit();
            if (e != null) {
                return "segment " + i + ": " + e;
            }
        }
        return null;
    }

    /** One owner's part of the set. Not thread-safe by itself. */
    private static final class Segment {
        long[] table;
        int buckets;
        /**
         * One bit a bucket, set once it is full (buckets never empty): 1/512 of the table's
         * size, so it stays in the cache and tells, without reading the table, where a
         * lookup must go on to the second bucket and which resident can move to a bucket
         * with room.
         */
        long[] fullBits;
        long walkSteps;
        /** Occupied slots (equal to {@link #size} except while growing). */
        int used;
        int size;
        int[][] parents = new int[4][];
        byte[][] choices = new byte[4][];
        /** Step indices that do not fit a byte (stored there as 255). */
        final Map<Integer, Integer> bigChoices = new HashMap<>();

        Segment(int buckets) {
            this.buckets = buckets;
            table = new long[buckets * BUCKET];
            fullBits = new long[(buckets + 63) >>> 6];
        }

        boolean full(int b) {
            return (fullBits[b >>> 6] & 1L << b) != 0;
        }

        /** Stores {@code k} in the empty {@code slot}; marks its bucket full if that was its last slot. */
        private void occupy(int slot, long k) {
            table[slot] = k;
            if ((slot & (BUCKET - 1)) == BUCKET - 1) {
                int b = slot / BUCKET;
                fullBits[b >>> 6] |= 1L << b;
            }
        }

        String audit() {
            for (int b = 0; b < buckets; b++) {
                boolean gap = false;
                for (int i = b * BUCKET; i < b * BUCKET + BUCKET; i++) {
                    long k = table[i];
                    if (k == 0) {
                        gap = true;
                        continue;
                    }
                    if (gap) {
                        return "bucket " + b + " has a gap before slot " + i;
                    }
                    int b1 = bucket1(k);
                    if (b != b1 && (b != bucket2(k, b1) || !full(b1))) {
                        return "fingerprint " + Long.toHexString(k) + " in bucket " + b
                                + ", neither its first nor, that one full, its second";
                    }
                }
                if (full(b) == gap) {
                    return "bucket " + b + "'s full bit is " + full(b) + " but its last slot is "
                            + (gap ? "empty" : "taken");
                }
            }
            return null;
        }

        /** A quarter more: at least two buckets, since a segment starts with eight or more. */
        int nextBuckets() {
            return buckets + (buckets >> 2);
        }

        /** The 32-bit word of {@code fp} that picks its first (or second) bucket. */
        private static long word(long fp, boolean second) {
            return (second ? fp >>> 24 : fp) & 0xFFFFFFFFL;
        }

        /** The bucket a hash word picks among {@code n}: it grows with the word. */
        private static int bucketOf(long word, int n) {
            return (int) ((word * n) >>> 32);
        }

        private int bucket1(long fp) {
            return bucketOf(word(fp, false), buckets);
        }

        private int bucket2(long fp, int b1) {
            int b = bucketOf(word(fp, true), buckets);
            return b != b1 ? b : b1 + 1 == buckets ? 0 : b1 + 1;
        }

        /** The bucket of {@code k}'s two that is not {@code b}, the one it sits in. */
        private int otherBucket(long k, int b) {
            int b1 = bucket1(k);
            return b1 == b ? bucket2(k, b1) : b1;
        }

        /**
         * The slot holding {@code fp}, or -1. A fingerprint goes to its second bucket only
         * when its first is full, and a full bucket stays full, so an empty slot in the
         * first bucket proves absence: most lookups read one cache line.
         */
        int slotOf(long fp) {
            int b1 = bucket1(fp);
            int i = scan(fp, b1);
            if (i >= 0) {
                return table[i] == fp ? i : -1;
            }
            int j = scan(fp, bucket2(fp, b1));
            return j >= 0 && table[j] == fp ? j : -1;
        }

        /** The slot of {@code fp} in bucket {@code b}, else its first empty slot, else -1 (full). */
        private int scan(long fp, int b) {
            int base = b * BUCKET;
            for (int i = base; i < base + BUCKET; i++) {
                long k = table[i];
                if (k == fp || k == 0) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Puts {@code fp} in one of its two buckets: the emptier; when both are full, a
         * resident is moved to its other bucket, and so on (cuckoo hashing), up to
         * {@link #MAX_KICKS} moves before the table grows. Returns -1 if already present.
         */
        private int place(long fp) {
            int b1 = bucket1(fp);
            int i = scan(fp, b1);
            if (i >= 0 && table[i] == fp) {
                return -1;
            }
            int b2 = bucket2(fp, b1);
            int j = i >= 0 ? -1 : scan(fp, b2);
            if (j >= 0 && table[j] == fp) {
                return -1;
            }
            if (used + 1 > (long) buckets * BUCKET * MAX_LOAD_PERCENT / 100) {
                grow();
                return place(fp);
            }
            used++;
            if (i >= 0 || j >= 0) {
                int slot = i >= 0 ? i : j;
                occupy(slot, fp);
                return slot;
            }
            // Both buckets full (a quarter of the adds near the top load): a resident of
            // either whose other bucket has room moves there, one cache line more, instead
            // of a walk of several (each a miss) from resident to resident.
            for (int b = b1, n = 0; n < 2; n++, b = b2) {
                for (int slot = b * BUCKET; slot < b * BUCKET + BUCKET; slot++) {
                    long v = table[slot];
                    int other = otherBucket(v, b);
                    if (!full(other)) {
                        occupy(scan(v, other), v);
                        table[slot] = fp;
                        return slot;
                    }
                }
            }
            long cur = fp;
            int b = (fp & 1) == 0 ? b1 : b2;
            for (int kick = 0; kick < MAX_KICKS; kick++) {
                walkSteps++;
                int slot = b * BUCKET + (int) ((cur >>> 40) + kick & (BUCKET - 1));
                long victim = table[slot];
                table[slot] = cur;
                cur = victim;
                b = otherBucket(cur, b);
                int free = scan(cur, b);
                if (free >= 0) {
                    occupy(free, cur);
                    return 0;
                }
            }
            used--;
            grow();
            place(cur);
            return 0;
        }

        int add(long fp, int parent, int choice) {
            if (place(fp) < 0) {
                return -1;
            }
            int local = size++;
            int c = local >>> CHUNK_BITS;
            if (c == parents.length) {
                parents = Arrays.copyOf(parents, c * 2);
                choices = Arrays.copyOf(choices, c * 2);
            }
            if (parents[c] == null) {
                // Small chunks, allocated whole: a segment leaves at most one partly
                // unused, so 64 segments cost no more a state than one.
                parents[c] = new int[CHUNK];
                choices[c] = new byte[CHUNK];
            }
            setParent(local, parent);
            setChoice(local, choice);
            return local;
        }

        int parent(int local) {
            return parents[local >>> CHUNK_BITS][local & (CHUNK - 1)];
        }

        private void setParent(int local, int parent) {
            parents[local >>> CHUNK_BITS][local & (CHUNK - 1)] = parent;
        }

        int choice(int local) {
            int c = choices[local >>> CHUNK_BITS][local & (CHUNK - 1)] & 0xFF;
            return c == 0xFF ? bigChoices.get(local) : c;
        }

        /** Sets a new state's step index (each state's once: links are never replaced). */
        private void setChoice(int local, int choice) {
            if (choice >= 0xFF) {
                bigChoices.put(local, choice);
                choice = 0xFF;
            }
            choices[local >>> CHUNK_BITS][local & (CHUNK - 1)] = (byte) choice;
        }

        long bytes() {
            long links = 0;
            for (int[] p : parents) {
                if (p != null) {
                    links += p.length * 5L + 2 * ARRAY_HEADER;
                }
            }
            return table.length * 8L + fullBits.length * 8L + links + 2L * parents.length * REFERENCE;
        }

        /**
         * What {@link #grow} allocates, near enough for the memory guard: the new table, its
         * full bits and fill counts, and scratch room for the fingerprints not in their first
         * bucket (a quarter of the table's slots, and as many again to sort them; the scratch
         * array doubles in the rare growth where more than a quarter are there).
         */
        long bytesToGrow() {
            long next = nextBuckets();
            long scratch = Math.max(16, table.length / 4) * 8L;
            return next * BUCKET * 8L + ((next + 63) >>> 6) * 8L + next + 2 * scratch + 5 * ARRAY_HEADER;
        }

        /**
         * Moves every fingerprint into a table a quarter larger.
         * The first bucket's index grows with the fingerprint's low word, so the fingerprints
         * that sit in their first bucket (most of them) go, in table order, to their new first
         * bucket: one pass that writes the new table front to back. The others are sorted
         * coarsely by their new first bucket and put in after, which keeps those writes in
         * cache too.
         */
        private void grow() {
            long[] old = table;
            int oldBuckets = buckets;
            buckets = nextBuckets();
            table = new long[buckets * BUCKET];
            fullBits = new long[(buckets + 63) >>> 6];
            byte[] fill = new byte[buckets];
            long[] rest = new long[Math.max(16, old.length / 4)];
            int others = 0;
            for (int b = 0; b < oldBuckets; b++) {
                for (int i = b * BUCKET, end = i + BUCKET; i < end; i++) {
                    long k = old[i];
                    if (k == 0) {
                        break;   // a bucket fills from its first slot and never empties
                    }
                    if (bucketOf(word(k, false), oldBuckets) != b || !putIn(k, bucket1(k), fill)) {
                        if (others == rest.length) {
                            rest = Arrays.copyOf(rest, others * 2);
                        }
                        rest[others++] = k;
                    }
                }
            }
            int left = spread(rest, others, fill, false);
            left = spread(rest, left, fill, true);
            used = 0;
            for (byte f : fill) {
                used += f;
            }
            for (int i = 0; i < left; i++) {
                if (place(rest[i]) < 0) {
                    throw new IllegalStateException("fingerprint seen twice while growing");
                }
            }
        }

        /**
         * While growing: puts each of {@code keys[0..n)} in its first bucket (or second, if
         * {@code second}) where that has room, taking them in the order of the bucket's top
         * byte (a counting sort) so that the writes stay within a small part of the table.
         * Moves those that did not fit to the front of {@code keys}; returns their number.
         */
        private int spread(long[] keys, int n, byte[] fill, boolean second) {
            int[] start = new int[257];
            for (int i = 0; i < n; i++) {
                start[group(keys[i], second) + 1]++;
            }
            for (int g = 0; g < 256; g++) {
                start[g + 1] += start[g];
            }
            long[] sorted = new long[n];
            for (int i = 0; i < n; i++) {
                sorted[start[group(keys[i], second)]++] = keys[i];
            }
            int left = 0;
            for (int i = 0; i < n; i++) {
                long k = sorted[i];
                int b = bucket1(k);
                if (!putIn(k, second ? bucket2(k, b) : b, fill)) {
                    keys[left++] = k;
                }
            }
            return left;
        }

        /** While growing: puts {@code k} in bucket {@code b}'s next slot, if it has one. */
        private boolean putIn(long k, int b, byte[] fill) {
            int f = fill[b];
            if (f == BUCKET) {
                return false;
            }
            occupy(b * BUCKET + f, k);
            fill[b] = (byte) (f + 1);
            return true;
        }

        /** The top byte of the first (or second) bucket's hash word: the bucket's 256th of the table. */
        private static int group(long k, boolean second) {
            return (int) (word(k, second) >>> 24);
        }
    }

    /** What a reference takes in the running JVM; 4 (compressed, its default below 32 GB) when it cannot say. */
    static int referenceBytes() {
        try {
            var vm = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return "false".equals(vm.getVMOption("UseCompressedOops").getValue()) ? 8 : 4;
        } catch (RuntimeException | LinkageError e) {
            return 4;
        }
    }
}
