package foliocheck.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import foliocheck.check.FolioModel;
import foliocheck.engine.Checker;
import foliocheck.engine.Property;
import foliocheck.engine.Steps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The filesystem's part of a device unbind ({@code xfs_dax_notify_failure} with
 * {@code MF_MEM_PRE_REMOVE}), step by step: from every reachable state of {@code stress-1}
 * with a file B allocating blocks, the steps each thread is offered obey the
 * kernel's rules for the freeze, the invalidation and the shutdown. Each rule is also seen
 * to apply at least once, so none passes for want of a state to test.
 */
class PreRemoveTest {

    /** One offered step. */
    private record Offer(String label, State next) { }

    /** Every state the search reaches for {@code scenario} under mainline. */
    private static List<State> reachable(Scenario sc) throws Exception {
        List<State> seen = new ArrayList<>();
        FolioModel m = new FolioModel(sc, new Mainline(), List.of(d -> List.of(
                Property.always("record", "records every state", s -> seen.add(s)))), "");
        Checker.of(m).localReduction(false).run();
        return seen;
    }

    private static List<Offer> offers(Scenario sc, State s, int t) {
        List<Offer> l = new ArrayList<>();
        Steps<State> out = new Steps<>() {
            @Override
            public void step(String label, State next) {
                l.add(new Offer(label, next));
            }

            @Override
            public void violation(String label, State next, String property, String detail) {
                l.add(new Offer(label, next));
            }
        };
        sc.programs().get(t).steps(new Program.Ctx(s, t, new Mainline(), sc.programs(), out));
        return l;
    }

    private static int kill(Scenario sc) {
        for (int t = 0; t < sc.programs().size(); t++) {
            if (sc.programs().get(t) instanceof PgmapKill) {
                return t;
            }
        }
        throw new AssertionError("no pgmap-kill thread");
    }

    private static boolean anyLocked(Kernel k) {
        return k.entries().stream().anyMatch(e -> e.file() == Kernel.FILE_A && e.locked());
    }

    /** stress-1 with a file B allocating a block, so that the freeze has two kinds of writer. */
    private static Scenario withAllocation() {
        Scenario s = Scenarios.named("stress-1");
        List<Program> p = new ArrayList<>(s.programs());
        p.add(new Reallocate());
        return new Scenario("stress-1-alloc", s.doc(), p, s.folios(), s.witnesses());
    }

    @Test
    void theUnbindFollowsTheKernelsRulesFromEveryState() throws Exception {
        Scenario sc = withAllocation();
        PgmapKill pk = (PgmapKill) sc.programs().get(kill(sc));
        int kt = kill(sc);
        int[] applied = new int[6];
        for (State s : reachable(sc)) {
            Kernel k = s.kernel();
            Local kl = s.thread(kt);
            boolean frozen = pk.frozen(kl);
            boolean down = pk.shutDown(kl);
            boolean writer = false;
            for (int t = 0; t < sc.programs().size(); t++) {
                writer |= sc.programs().get(t).writing(s.thread(t));
            }
            assertFalse(frozen && writer, "a truncate or allocation runs while the filesystem is frozen: " + s);
            // freeze_super waits for writers in flight.
            if (kl.pc() == PgmapKill.FREEZE && writer) {
                assertEquals(List.of(), offers(sc, s, kt));
                applied[0]++;
            }
            // invalidate_inode_pages2_range waits for a locked entry, then deletes every entry of file A.
            if (kl.pc() == PgmapKill.NOTIFY && k.ptes().isEmpty()) {
                List<Offer> o = offers(sc, s, kt);
                if (anyLocked(k)) {
                    assertEquals(List.of(), o);
                    applied[1]++;
                } else {
                    assertEquals(1, o.size());
                    assertTrue(o.get(0).next().kernel().entries().stream().noneMatch(e -> e.file() == Kernel.FILE_A));
                    boolean pinnedEntry = k.entries().stream().anyMatch(e -> e.folio() != Kernel.NONE
                            && s.threads().stream().anyMatch(l -> l.has(Local.PINNED) && l.folio() == e.folio()));
                    applied[2] += pinnedEntry ? 1 : 0;
                }
            }
            for (int i = 0; i < sc.programs().size(); i++) {
                final int t = i;
                Program p = sc.programs().get(t);
                Local l = s.thread(t);
                // iomap_begin fails on a shut-down filesystem.
                if (p instanceof Fault && l.pc() == Fault.IOMAP && down) {
                    assertTrue(offers(sc, s, t).stream().allMatch(o -> o.next().thread(t).has(Local.FAILED)));
                    applied[3]++;
                }
                // sb_start_write waits for the thaw, then xfs_vn_change_ok fails with -EIO.
                if (p instanceof Truncate && l.pc() == Truncate.LOCK && (frozen || down)) {
                    List<Offer> o = offers(sc, s, t);
                    if (frozen) {
                        assertEquals(List.of(), o);
                        applied[4]++;
                    } else {
                        assertEquals(1, o.size());
                        assertTrue(o.get(0).next().thread(t).has(Local.FAILED));
                        applied[5]++;
                    }
                }
            }
        }
        for (int i = 0; i < applied.length; i++) {
            assertTrue(applied[i] > 0, "rule " + i + " never applied");
        }
    }
}
