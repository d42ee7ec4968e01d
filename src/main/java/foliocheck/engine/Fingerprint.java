package foliocheck.engine;

/**
 * Builds 64-bit fingerprints from a sequence of integers. Deterministic across runs and
 * JVMs (no identity hashes), with a strong final mix so that nearby states spread over
 * the whole 64-bit space.
 */
public final class Fingerprint {
    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long MUL = 0xBF58476D1CE4E5B9L;

    private long h = SEED;

    /** Mixes one value into the fingerprint. */
    public Fingerprint add(long v) {
        h = Long.rotateLeft((h ^ v) * MUL, 31) * 0x94D049BB133111EBL;
        return this;
    }

    /** Mixes a boolean into the fingerprint. */
    public Fingerprint add(boolean b) {
        return add(b ? 1 : 0);
    }

    /** The finished fingerprint. */
    public long get() {
        return mix(h);
    }

    /** The murmur3 64-bit finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
