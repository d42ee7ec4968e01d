package foliocheck.engine;

/**
 * Packs states into 64-bit words. Breadth-first search keeps each frontier state as its
 * words (compressed against its neighbour's, see {@link Batch}) rather than as a graph of
 * objects: a fraction of the memory, read in order when the level is expanded instead of
 * chased through the heap, and nothing for the collector to trace.
 *
 * @param <S> the state type
 */
public interface StateCodec<S> {

    /**
     * The words of {@code state}, or null when it does not pack (it is then kept as an
     * object). The array may be the codec's own, reused by the next call: keep a copy.
     */
    long[] encode(S state);

    /**
     * The state whose words are {@code words[0..length)}: equal to the state that was
     * encoded. The array is the caller's scratch space: keep nothing of it.
     */
    S decode(long[] words, int length);

    /**
     * A fingerprinter that shares this codec's work (a decoded state's words are most of
     * the work of fingerprinting its successors), or null, the default: the search then
     * uses {@link Model#fingerprinter}. Called once, for the search thread that owns the codec.
     */
    default Fingerprinter<S> fingerprinter() {
        return null;
    }
}
