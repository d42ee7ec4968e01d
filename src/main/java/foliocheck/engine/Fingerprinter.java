package foliocheck.engine;

/**
 * Fingerprints states for one search thread. Successors differ from the state they come
 * from in a few parts, so a model may keep the parts of the state being expanded and
 * fingerprint its successors by recomputing only what changed. One instance per search
 * thread; it need not be thread-safe.
 *
 * @param <S> the state type
 */
public interface Fingerprinter<S> {

    /** The search is about to fingerprint successors of {@code parent}. */
    void expanding(S parent);

    /** Exactly {@link Model#fingerprint}{@code (state)}, whatever {@link #expanding} was told. */
    long fingerprint(S state);

    /** The plain fingerprinter: {@link Model#fingerprint} every time. */
    static <S> Fingerprinter<S> of(Model<S> model) {
        return new Fingerprinter<>() {
            @Override
            public void expanding(S parent) {
            }

            @Override
            public long fingerprint(S state) {
                return model.fingerprint(state);
            }
        };
    }
}
