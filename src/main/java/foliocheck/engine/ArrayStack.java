package foliocheck.engine;

/**
 * The depth-first search's stack of (state, id) pairs: parallel arrays used as a ring
 * (the head moves down as pairs are pushed), so the search loop allocates nothing per state.
 */
final class ArrayStack<S> {
    private Object[] states = new Object[1024];
    private int[] ids = new int[1024];
    private int head;
    private int size;

    boolean isEmpty() {
        return size == 0;
    }

    long size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    S peekState() {
        return (S) states[head];
    }

    int peekId() {
        return ids[head];
    }

    /** Removes the head. */
    void pop() {
        states[head] = null;
        head = (head + 1) & (states.length - 1);
        size--;
    }

    /** Pushes at the head: the next peek returns this pair. */
    void push(S s, int id) {
        ensure();
        head = (head - 1) & (states.length - 1);
        states[head] = s;
        ids[head] = id;
        size++;
    }

    private void ensure() {
        if (size < states.length) {
            return;
        }
        int n = states.length;
        Object[] s2 = new Object[n * 2];
        int[] i2 = new int[n * 2];
        int first = n - head;
        System.arraycopy(states, head, s2, 0, first);
        System.arraycopy(states, 0, s2, first, head);
        System.arraycopy(ids, head, i2, 0, first);
        System.arraycopy(ids, 0, i2, first, head);
        states = s2;
        ids = i2;
        head = 0;
    }
}
