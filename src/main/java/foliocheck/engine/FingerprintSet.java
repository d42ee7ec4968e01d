package foliocheck.engine;

import java.util.Arrays;

/**
 * A set of fingerprints that is emptied often: what one search thread has found in the
 * current breadth-first level. Open addressing with linear probing, at most half full, so
 * that a level's repeats (most successors: two interleavings of the same steps meet) cost
 * a probe of a small table that stays in cache rather than one of the whole visited set.
 * Not thread-safe.
 */
final class FingerprintSet {
    /** 0 marks an empty slot; a real 0 is stored as this instead, as in {@link VisitedSet}. */
    private static final long ZERO_STAND_IN = 0x5DEECE66DL;
    private static final int SMALLEST = 1 << 10;

    private long[] keys = new long[SMALLEST];
    private int size;

    /** Adds {@code fp}; false if it was already present. */
    boolean add(long fp) {
        if (fp == 0) {
            fp = ZERO_STAND_IN;
        }
        int mask = keys.length - 1;
        int i = slot(fp, mask);
        long k;
        while ((k = keys[i]) != 0) {
            if (k == fp) {
                return false;
            }
            i = i + 1 & mask;
        }
        keys[i] = fp;
        if (++size * 2 > keys.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    /** Empties the set, and gives back room a much larger earlier level needed. */
    void clear() {
        if (keys.length > SMALLEST && size * 8 < keys.length) {
            keys = new long[Math.max(SMALLEST, Integer.highestOneBit(size) * 4)];
        } else {
            Arrays.fill(keys, 0);
        }
        size = 0;
    }

    private static int slot(long fp, int mask) {
        return (int) (fp ^ fp >>> 32) & mask;
    }

    private void grow() {
        long[] old = keys;
        keys = new long[old.length * 2];
        int mask = keys.length - 1;
        for (long k : old) {
            if (k != 0) {
                int i = slot(k, mask);
                while (keys[i] != 0) {
                    i = i + 1 & mask;
                }
                keys[i] = k;
            }
        }
    }
}
