package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The depth-first stack: last in, first out, with its ids, across growth. */
class ArrayStackTest {

    @Test
    void popsInReverseOrderOfPushesAcrossGrowth() {
        ArrayStack<String> stack = new ArrayStack<>();
        // the first growth (at 1,024 pairs) finds the head at the array's start, the second
        // (at 2,048) in its middle: that one copies both parts of the ring
        for (int i = 0; i < 3000; i++) {
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
