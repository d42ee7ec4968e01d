package foliocheck.model;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;

/**
 * An immutable list over an array it owns: the lists of {@link Kernel} and {@link State}.
 * Replacing one element copies the array once ({@link #with}); {@code List.copyOf} of a
 * modified {@code ArrayList} copies it three times, and the checker does this on every
 * step. Equal to any {@link List} with the same elements.
 */
public final class FixedList<T> extends AbstractList<T> implements RandomAccess {
    private static final FixedList<Object> EMPTY = new FixedList<>(new Object[0]);

    private final Object[] items;

    /** Takes ownership of {@code items}: the caller must not keep or change the array. */
    private FixedList(Object[] items) {
        this.items = items;
    }

    /** The empty list. */
    @SuppressWarnings("unchecked")
    public static <T> FixedList<T> empty() {
        return (FixedList<T>) EMPTY;
    }

    /**
     * A list over {@code items} itself, without a copy: for decoders that fill a fresh
     * array. The caller must not keep or change the array, nor put nulls in it.
     */
    public static <T> FixedList<T> owning(T[] items) {
        return new FixedList<>(items);
    }

    /** A list of {@code l}'s elements (no copy when {@code l} is already fixed). */
    @SuppressWarnings("unchecked")
    public static <T> FixedList<T> copyOf(List<? extends T> l) {
        if (l instanceof FixedList<?> f) {
            return (FixedList<T>) f;
        }
        Object[] a = new Object[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = java.util.Objects.requireNonNull(l.get(i));
        }
        return new FixedList<>(a);
    }

    /** {@code l} with element {@code i} replaced by {@code v}. */
    public static <T> FixedList<T> with(List<T> l, int i, T v) {
        Object[] from = copyOf(l).items;
        Object[] a = new Object[from.length];
        System.arraycopy(from, 0, a, 0, from.length);
        a[i] = java.util.Objects.requireNonNull(v);
        return new FixedList<>(a);
    }

    /** {@code l} with {@code v} inserted at index {@code i}. */
    public static <T> FixedList<T> inserting(List<T> l, int i, T v) {
        Object[] a = new Object[l.size() + 1];
        for (int j = 0; j < i; j++) {
            a[j] = l.get(j);
        }
        a[i] = java.util.Objects.requireNonNull(v);
        for (int j = i; j < l.size(); j++) {
            a[j + 1] = l.get(j);
        }
        return new FixedList<>(a);
    }

    /** {@code l} without element {@code i}. */
    public static <T> FixedList<T> removing(List<T> l, int i) {
        Object[] a = new Object[l.size() - 1];
        for (int j = 0; j < i; j++) {
            a[j] = l.get(j);
        }
        for (int j = i + 1; j < l.size(); j++) {
            a[j - 1] = l.get(j);
        }
        return new FixedList<>(a);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int i) {
        return (T) items[i];
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < items.length;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (next >= items.length) {
                    throw new NoSuchElementException();
                }
                return (T) items[next++];
            }
        };
    }
}
