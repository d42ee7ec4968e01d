package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The depth-first stack: last in, first out, with its ids, across growth while its head wraps around. */
class ArrayDequeOfTest {

    @Test
    void popsInReverseOrderOfPushesAcrossGrowth() {
        ArrayDequeOf<String> stack = new ArrayDequeOf<>();
        for (int i = 0; i < 10; i++) {
            stack.push("s" + i, i);
        }
        for (int i = 9; i >= 5; i--) {
            assertEquals("s" + i, stack.peekState());
            assertEquals(i, stack.peekId());
            stack.pop();
        }
        // the head now sits inside the array, not at its start: growth must copy both parts
        for (int i = 5; i < 3000; i++) {
            stack.push("s" + i, i);
        }
        assertEquals(3000, stack.size());
        for (int i = 2999; i >= 0; i--) {
            assertEquals("s" + i, stack.peekState(), "state at " + i);
            assertEquals(i, stack.peekId(), "id at " + i);
            stack.pop();
        }
        assertTrue(stack.isEmpty());
    }
}
