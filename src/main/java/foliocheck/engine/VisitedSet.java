package foliocheck.engine;

import java.util.Arrays;

/**
 * The set of visited states, kept as 64-bit fingerprints, plus each state's parent link.
 *
 * <p>States are numbered in discovery order. For each number the set keeps the number of
 * its parent and the index of the step (in the parent's full step enumeration) that led
 * to it: enough to rebuild any trace by re-running those steps, without keeping states.
 * A root has parent {@code -1 - i} for initial state {@code i}.
 *
 * <p>Memory: the fingerprint table (open addressing, linear probing, 8 bytes a slot at a
 * load between 3/8 and 3/4) plus 6 bytes a state of parent links, in chunks so that growth
 * never copies them.
 */
final class VisitedSet {
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** Fingerprint 0 marks an empty slot; a real 0 is stored as this instead. */
    private static final long ZERO_STAND_IN = 0x5DEECE66DL;

    private long[] table;
    private int mask;
    private int size;
    private int[][] parents = new int[16][];
    private short[][] choices = new short[16][];

    VisitedSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expected * 2L)) - 1) << 1;
        table = new long[cap];
        mask = cap - 1;
    }

    /** Number of distinct states stored. */
    int size() {
        return size;
    }

    /** Whether the fingerprint is already present. */
    boolean contains(long fp) {
        fp = fp == 0 ? ZERO_STAND_IN : fp;
        int i = slot(fp);
        while (true) {
            long k = table[i];
            if (k == 0) {
                return false;
            }
            if (k == fp) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Adds a fingerprint. Returns the new state's number, or -1 if it was present.
     */
    int add(long fp, int parent, int choice) {
        fp = fp == 0 ? ZERO_STAND_IN : fp;
        int i = slot(fp);
        while (true) {
            long k = table[i];
            if (k == 0) {
                break;
            }
            if (k == fp) {
                return -1;
            }
            i = (i + 1) & mask;
        }
        table[i] = fp;
        int id = size++;
        int c = id >>> CHUNK_BITS;
        if (c == parents.length) {
            parents = Arrays.copyOf(parents, c * 2);
            choices = Arrays.copyOf(choices, c * 2);
        }
        if (parents[c] == null) {
            parents[c] = new int[CHUNK];
            choices[c] = new short[CHUNK];
        }
        parents[c][id & (CHUNK - 1)] = parent;
        choices[c][id & (CHUNK - 1)] = (short) choice;
        if (size > (table.length >> 2) * 3) {
            grow();
        }
        return id;
    }

    /** Bytes needed if the table doubled now, for the memory guard. */
    long bytesToGrow() {
        return table.length * 16L;
    }

    /** Whether the next add may grow the table. */
    boolean nearGrowth() {
        return size + 1 > (table.length >> 2) * 3;
    }

    int parent(int id) {
        return parents[id >>> CHUNK_BITS][id & (CHUNK - 1)];
    }

    int choice(int id) {
        return choices[id >>> CHUNK_BITS][id & (CHUNK - 1)] & 0xFFFF;
    }

    /** Bytes held by the table and the parent links. */
    long bytes() {
        long chunks = 0;
        for (int[] p : parents) {
            if (p != null) {
                chunks++;
            }
        }
        return table.length * 8L + chunks * CHUNK * 6L;
    }

    private int slot(long fp) {
        return (int) (fp ^ (fp >>> 32)) & mask;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        mask = table.length - 1;
        for (long k : old) {
            if (k != 0) {
                int i = slot(k);
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = k;
            }
        }
    }
}
