package foliocheck.engine;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A named predicate over states. An {@code always} property must hold in every reachable
 * state; a {@code sometimes} property must hold in at least one, so that a run which never
 * reaches the interesting part of the state space is reported instead of passing.
 *
 * @param name   short stable name, used on the command line and in traces
 * @param doc    one line saying what the property means
 * @param kind   always or sometimes
 * @param holds  the predicate
 * @param explain the values that make the predicate false (always) or true (sometimes)
 */
public record Property<S>(String name, String doc, Kind kind, Predicate<S> holds,
                          Function<S, String> explain) {

    /** Whether a property must hold everywhere or be reached somewhere. */
    public enum Kind { ALWAYS, SOMETIMES }

    /** An invariant. */
    public static <S> Property<S> always(String name, String doc, Predicate<S> holds,
                                         Function<S, String> explain) {
        return new Property<>(name, doc, Kind.ALWAYS, holds, explain);
    }

    /** An invariant without a custom explanation. */
    public static <S> Property<S> always(String name, String doc, Predicate<S> holds) {
        return new Property<>(name, doc, Kind.ALWAYS, holds, s -> "");
    }

    /** A reachability witness. */
    public static <S> Property<S> sometimes(String name, String doc, Predicate<S> holds) {
        return new Property<>(name, doc, Kind.SOMETIMES, holds, s -> "");
    }

    /** Whether this property is an invariant. */
    public boolean isAlways() {
        return kind == Kind.ALWAYS;
    }
}
