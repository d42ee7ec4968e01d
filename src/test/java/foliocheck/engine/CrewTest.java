package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class CrewTest {

    @Test
    void everyMemberRunsEachPhaseOnceAndTheCallerIsMemberZero() {
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        Thread caller = Thread.currentThread();
        AtomicBoolean callerWasZero = new AtomicBoolean(true);
        try (Crew crew = new Crew(3, () -> { })) {
            for (int phase = 0; phase < 100; phase++) {
                int expected = phase;
                crew.run(m -> {
                    assertEquals(expected, runs.get(m), "a member ran ahead of the phase");
                    runs.incrementAndGet(m);
                    if ((m == 0) != (Thread.currentThread() == caller)) {
                        callerWasZero.set(false);
                    }
                });
            }
        }
        for (int m = 0; m < 3; m++) {
            assertEquals(100, runs.get(m));
        }
        assertTrue(callerWasZero.get());
    }

    @Test
    void aHelpersFailureStopsTheOthersAndIsRethrownAfterThem() {
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicBoolean callerFinished = new AtomicBoolean();
        RuntimeException boom = new RuntimeException("boom");
        Thread[] helper = new Thread[1];
        try (Crew crew = new Crew(2, () -> stopped.set(true))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> crew.run(m -> {
                if (m == 1) {
                    helper[0] = Thread.currentThread();
                    throw boom;
                }
                while (!stopped.get()) {
                    Thread.onSpinWait();
                }
                callerFinished.set(true);
            }));
            assertSame(boom, e.getCause());
            assertTrue(callerFinished.get());
            crew.run(m -> { });   // the crew still serves after a failure
        }
        assertFalse(helper[0].isAlive(), "close ends the helper threads");
    }

    @Test
    void theCallersFailureComesFirstAndLeavesNothingForTheNextPhase() {
        RuntimeException mine = new RuntimeException("caller");
        try (Crew crew = new Crew(2, () -> { })) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> crew.run(m -> {
                throw m == 0 ? mine : new IllegalArgumentException("helper");
            }));
            assertSame(mine, e);
            crew.run(m -> { });   // the helper's failure is not thrown again here
        }
    }
}
