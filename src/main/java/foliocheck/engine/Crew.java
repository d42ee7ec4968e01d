package foliocheck.engine;

import java.util.concurrent.Phaser;
import java.util.function.IntConsumer;

/**
 * Threads that stay for a whole search and run each phase with the calling thread: a
 * breadth-first search has two phases a level, and starting threads for each would cost
 * more than the small levels' work. The caller is member 0; the others wait, parked,
 * between phases. Not reentrant: one phase at a time, from one thread.
 */
final class Crew implements AutoCloseable {
    private final Thread[] helpers;
    /** Two rounds a phase: everyone arrives to start it, and again when done. */
    private final Phaser rounds;
    private final Runnable onFailure;
    private volatile IntConsumer task;
    private volatile boolean closed;
    private Throwable failure;

    /**
     * A crew of {@code size} members, the caller included. {@code onFailure} runs on the
     * thread whose part of a phase threw, so that the others can stop early.
     */
    Crew(int size, Runnable onFailure) {
        this.onFailure = onFailure;
        rounds = new Phaser(size);
        helpers = new Thread[size - 1];
        for (int i = 1; i < size; i++) {
            int member = i;
            helpers[i - 1] = new Thread(() -> serve(member), "foliocheck-worker-" + i);
            helpers[i - 1].setDaemon(true);
            helpers[i - 1].start();
        }
    }

    private void serve(int member) {
        while (true) {
            rounds.arriveAndAwaitAdvance();
            if (closed) {
                return;
            }
            try {
                task.accept(member);
            } catch (Throwable e) {
                fail(e);
            }
            rounds.arriveAndAwaitAdvance();
        }
    }

    private void fail(Throwable e) {
        synchronized (this) {
            if (failure == null) {
                failure = e;
            }
        }
        onFailure.run();
    }

    /**
     * Runs {@code part} for every member (0 to size - 1) at once and returns when all are
     * done. A member's failure is rethrown here, after the others have finished.
     */
    void run(IntConsumer part) {
        task = part;
        rounds.arriveAndAwaitAdvance();
        Throwable own = null;
        try {
            part.accept(0);
        } catch (RuntimeException | Error e) {
            own = e;
            onFailure.run();
        }
        rounds.arriveAndAwaitAdvance();
        Throwable f = takeFailure();
        if (own instanceof RuntimeException e) {   // the caller's own comes first
            throw e;
        }
        if (own instanceof Error e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new IllegalStateException("search worker failed", f);
        }
    }

    private synchronized Throwable takeFailure() {
        Throwable f = failure;
        failure = null;
        return f;
    }

    /** Lets the helper threads end, and waits for them. */
    @Override
    public void close() {
        closed = true;
        rounds.arriveAndAwaitAdvance();
        for (Thread t : helpers) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
