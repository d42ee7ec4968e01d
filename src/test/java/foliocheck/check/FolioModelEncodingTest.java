package foliocheck.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.engine.Fingerprinter;
import foliocheck.engine.StateCodec;
import foliocheck.model.Design;
import foliocheck.model.FixedList;
import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.Scenario;
import foliocheck.model.State;
import foliocheck.model.StepList;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The frontier codec and the incremental fingerprinter must agree with the plain state:
 * every reachable state decodes to an equal state, and every successor's incremental
 * fingerprint equals its full fingerprint.
 */
class FolioModelEncodingTest {

    @Test
    void everyReachableStateRoundTripsAndFingerprintsIncrementally() throws Catalog.UnknownName {
        Catalog catalog = Catalog.builtIn();
        long checked = 0;
        for (Design d : catalog.allDesigns()) {
            for (String name : List.of("pin-truncate", "pin-kill", "pud-fault-pin", "pmd-fault-zap",
                    "request-release", "pin-evict")) {
                checked += explore(catalog.model(catalog.scenario(name), d));
            }
        }
        assertTrue(checked > 10_000, "explored " + checked + " states");
    }

    /** Explores every state of the model; returns how many it checked. */
    private static long explore(FolioModel m) {
        StateCodec<State> encoder = m.codec();
        StateCodec<State> decoder = m.codec();
        StateCodec<State> roundTrip = m.codec();
        // The codec's fingerprinter takes a decoded parent's terms from its words; the
        // model's computes them from the objects. Both must give the full fingerprint.
        Fingerprinter<State> fromWords = decoder.fingerprinter();
        Fingerprinter<State> fromObjects = m.fingerprinter();
        Set<State> seen = new HashSet<>();
        ArrayDeque<State> queue = new ArrayDeque<>(m.initialStates());
        seen.addAll(queue);
        while (!queue.isEmpty()) {
            // Decode the frontier state, as the search does, so that successors share its parts.
            long[] words = encoder.encode(queue.poll());
            assertNotNull(words);
            State s = decoder.decode(words, words.length);
            fromWords.expanding(s);
            fromObjects.expanding(s);
            StepList steps = m.offered(s);
            for (int i = 0; i < steps.size(); i++) {
                State next = steps.state(i);
                String where = m.scenario().name() + "/" + m.design().name() + ": " + next;
                assertEquals(m.fingerprint(next), fromWords.fingerprint(next), where);
                assertEquals(m.fingerprint(next), fromObjects.fingerprint(next), where);
                long[] w = encoder.encode(next);
                // The codec that decoded the parent packs only what the step changed and
                // takes the other words from the parent's: the words must be the same.
                assertArrayEquals(w, decoder.encode(next), where);
                assertEquals(next, roundTrip.decode(w, w.length), where);
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen.size();
    }

    private static FolioModel pinTruncate() throws Catalog.UnknownName {
        Catalog c = Catalog.builtIn();
        return c.model(c.scenario("pin-truncate"), c.design("mainline"));
    }

    @Test
    void aStateOutOfThePackedRangesIsKeptAsAnObjectAndFingerprintedFieldByField() throws Catalog.UnknownName {
        FolioModel m = pinTruncate();
        State s = m.initialStates().get(0);
        Kernel k = s.kernel();
        State big = new State(k.withFolio(0, k.folio(0).withRefcount(1 << 22)), s.threads());
        assertNull(m.codec().encode(big));
        assertEquals(StateWords.fieldByField(big), m.fingerprint(big));
        Fingerprinter<State> fpr = m.fingerprinter();
        fpr.expanding(s);
        assertEquals(m.fingerprint(big), fpr.fingerprint(big));
        fpr.expanding(big);
        assertEquals(m.fingerprint(s), fpr.fingerprint(s));
        // The codec skips its range checks for a successor its fingerprinter has passed;
        // one it has not passed must still be checked.
        StateCodec<State> c = m.codec();
        c.fingerprinter().expanding(s);
        assertEquals(m.fingerprint(big), c.fingerprinter().fingerprint(big));
        assertNull(c.encode(big));
    }

    @Test
    void aDecodedStateWithWholeWordsOfBlocksFingerprintsAsItsObjects() throws Catalog.UnknownName {
        FolioModel m = pinTruncate();
        State s = m.initialStates().get(0);
        Kernel k = s.kernel();
        for (int blocks : new int[] {7, 8, 9, 16}) {
            Integer[] owners = new Integer[blocks];
            for (int i = 0; i < blocks; i++) {
                owners[i] = i % 3 - 1;
            }
            State t = new State(new Kernel(k.folios(), k.pgmap(), k.ptes(), k.entries(), FixedList.owning(owners),
                    k.invalShared(), k.invalExcl(), k.truncated(), k.vmaGone()), s.threads());
            StateCodec<State> c = m.codec();
            long[] w = c.encode(t);
            State back = c.decode(w, w.length);
            Fingerprinter<State> fpr = c.fingerprinter();
            fpr.expanding(back);
            assertEquals(m.fingerprint(t), fpr.fingerprint(back), blocks + " blocks");
            assertEquals(m.fingerprint(s), fpr.fingerprint(s), blocks + " blocks, then a state with fewer");
        }
    }

    @Test
    void negativeFieldsSurviveTheRoundTrip() throws Catalog.UnknownName {
        FolioModel m = pinTruncate();
        State s = m.initialStates().get(0);
        Local odd = new Local(511, Kernel.NONE, -3, 127, Local.PINNED | Local.ZAPPED, -512);
        Folio f = new Folio(Level.PUD, -1, -128, 127, -512, true, Kernel.NONE, 255);
        State t = new State(s.kernel().withFolio(0, f).withOwner(0, Kernel.FREE),
                FixedList.with(s.threads(), 0, odd));
        StateCodec<State> c = m.codec();
        long[] w = c.encode(t);
        assertEquals(t, c.decode(w, w.length));
    }
}
