package foliocheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VisitedSetTest {

    @Test
    void keepsEveryFingerprintWithItsParentLink() {
        for (int workers : new int[] {1, 2}) {
            VisitedSet v = new VisitedSet(workers);
            SplittableRandom r = new SplittableRandom(7);
            int n = 300_000;
            int[] ids = new int[n];
            long[] fps = new long[n];
            for (int i = 0; i < n; i++) {
                fps[i] = i == 5 ? 0 : r.nextLong();
                ids[i] = v.add(fps[i], i - 1, i % 300);
                assertTrue(ids[i] >= 0);
            }
            assertEquals(n, v.size());
            for (int i = 0; i < n; i++) {
                assertTrue(v.contains(fps[i]));
                assertEquals(-1, v.add(fps[i], 0, 0), "a second add is refused");
                assertEquals(i - 1, v.parent(ids[i]));
                assertEquals(i % 300, v.choice(ids[i]), "step indices above a byte survive");
            }
            assertFalse(v.contains(12345));
        }
    }

    @Test
    void staysWithinSixteenBytesAStateOnceLarge() {
        VisitedSet v = new VisitedSet(1);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 1; i <= 3_000_000; i++) {
            v.add(r.nextLong(), 0, 0);
            if (i >= 1_000_000 && i % 250_000 == 0) {
                double perState = (double) v.bytes() / v.size();
                assertTrue(perState <= 16.5, i + " states: " + perState + " bytes a state");
            }
        }
    }

    @Test
    void aLevelKeepsTheEarliestPositionThatReachesAState() {
        VisitedSet v = new VisitedSet(2);
        v.add(1, -1, 0);
        int id = v.insert(42, 7, 3);
        assertTrue(id >= 0);
        assertEquals(VisitedSet.KNOWN, v.insert(42, 9, 0), "a later position does not replace");
        assertEquals(VisitedSet.KNOWN, v.insert(42, 7, 4), "a later step does not replace");
        assertEquals(-2 - id, v.insert(42, 7, 1), "an earlier step replaces");
        assertEquals(7, v.parent(id));
        assertEquals(1, v.choice(id));
        assertEquals(-2 - id, v.insert(42, 2, 5), "an earlier position replaces");
        assertTrue(v.presentBeforeLevel(1));
        assertFalse(v.presentBeforeLevel(42), "added in this level");
        v.endLevel();
        assertTrue(v.presentBeforeLevel(42));
        assertEquals(VisitedSet.KNOWN, v.insert(42, 0, 0), "states of earlier levels are never replaced");
    }
}
