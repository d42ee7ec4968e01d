package foliocheck.properties;

import foliocheck.engine.Property;
import foliocheck.model.Design;
import foliocheck.model.Kernel;
import foliocheck.model.Level;
import foliocheck.model.Local;
import foliocheck.model.Pgmap;
import foliocheck.model.Pte;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code sometimes} witnesses a scenario names, so that no scenario passes without
 * reaching the race it is about. A witness about a mechanism a design lacks (a truncate
 * wait in a design that never waits) is left out for that design.
 */
public final class Witnesses {
    private Witnesses() { }

    /** Every witness name, for documentation and validation. */
    public static final List<String> NAMES = List.of("pinned", "pinned-via-pud", "truncate-waited",
            "remapped-while-waiting", "evict-waited", "block-freed", "block-reused", "teardown-done",
            "evict-after-unbind", "mapped", "pmd-mapped", "pte-and-pmd-mapped", "zapped", "copied", "shared-mapped",
            "unshared");

    /** The witnesses {@code names} that apply to design {@code d}. */
    public static List<Property<State>> of(List<String> names, Design d) {
        List<Property<State>> l = new ArrayList<>();
        for (String n : names) {
            Property<State> p = witness(n, d);
            if (p != null) {
                l.add(p);
            }
        }
        return l;
    }

    private static Property<State> witness(String name, Design d) {
        return switch (name) {
            case "pinned" -> Property.sometimes(name, "a DMA pin is established",
                    s -> any(s, Local.PINNED));
            case "pinned-via-pud" -> Property.sometimes(name, "a pin is established through a PUD entry",
                    s -> s.threads().stream().anyMatch(l -> l.has(Local.PINNED) && l.has(Local.VIA_PUD)));
            case "truncate-waited" -> d.truncateWaits() ? Property.sometimes(name,
                    "truncate sleeps in ___wait_var_event on a busy page", s -> any(s, Local.WAITED)) : null;
            case "remapped-while-waiting" -> d.truncateWaits() ? Property.sometimes(name,
                    "a fault maps the busy page again while truncate sleeps on it", Witnesses::remappedWhileWaiting)
                    : null;
            case "evict-waited" -> d.evictionWaits() ? Property.sometimes(name,
                    "eviction sleeps on a busy page", s -> any(s, Local.WAITED)) : null;
            case "block-freed" -> Property.sometimes(name, "file A's block is freed",
                    s -> s.kernel().blocks().contains(Kernel.FREE) || s.kernel().blocks().contains(Kernel.FILE_B));
            case "block-reused" -> Property.sometimes(name, "file B has faulted in a block file A freed",
                    s -> s.kernel().ptes().stream().anyMatch(e -> e.mm() == Kernel.MM_B));
            case "teardown-done" -> Property.sometimes(name, "pageunmap_range has run",
                    s -> s.kernel().pgmap().life() == Pgmap.Life.DEAD);
            case "evict-after-unbind" -> Property.sometimes(name,
                    "pageunmap_range has run and file A's page cache is not yet truncated",
                    s -> s.kernel().pgmap().life() == Pgmap.Life.DEAD && !s.kernel().truncated());
            case "mapped" -> Property.sometimes(name, "a fault mapped the folio", s -> any(s, Local.MAPPED));
            case "pmd-mapped" -> Property.sometimes(name, "a PMD entry maps the folio",
                    s -> s.kernel().ptes().stream().map(Pte::level).anyMatch(l -> l == Level.PMD));
            case "pte-and-pmd-mapped" -> Property.sometimes(name, "a PMD entry and a PTE map one PMD folio",
                    Witnesses::pteAndPmdMapped);
            case "zapped" -> Property.sometimes(name, "a mapped entry was zapped", s -> any(s, Local.ZAPPED));
            case "copied" -> Property.sometimes(name, "fork copied an entry of mm A into its child, mm C",
                    s -> s.kernel().firstPte(Kernel.MM_C) != null);
            case "shared-mapped" -> Property.sometimes(name, "mm A and mm B map one reflinked block at once",
                    Witnesses::sharedMapped);
            case "unshared" -> Property.sometimes(name, "truncate of file A left the block it shared to file B",
                    s -> s.kernel().blocks().contains(Kernel.FILE_B));
            default -> throw new IllegalArgumentException("unknown witness: " + name);
        };
    }

    /** Some PMD-order folio is mapped by a PMD entry and by a PTE at once. */
    private static boolean pteAndPmdMapped(State s) {
        List<Pte> ptes = s.kernel().ptes();
        for (int i = 0; i < ptes.size(); i++) {
            Pte pmd = ptes.get(i);
            if (pmd.level() == Level.PMD && s.kernel().folio(pmd.folio()).order() == Level.PMD) {
                for (int j = 0; j < ptes.size(); j++) {
                    if (ptes.get(j).level() == Level.PTE && ptes.get(j).folio() == pmd.folio()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** An entry of mm A and one of mm B map the same folio. */
    private static boolean sharedMapped(State s) {
        List<Pte> ptes = s.kernel().ptes();
        for (int i = 0; i < ptes.size(); i++) {
            for (int j = 0; j < ptes.size(); j++) {
                if (ptes.get(i).mm() == Kernel.MM_A && ptes.get(j).mm() == Kernel.MM_B
                        && ptes.get(i).folio() == ptes.get(j).folio()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Some thread sleeps on a busy folio that a page-table entry maps again. */
    private static boolean remappedWhileWaiting(State s) {
        for (int t = 0; t < s.threads().size(); t++) {
            Local l = s.thread(t);
            if (l.has(Local.SLEEPING)) {
                List<Pte> ptes = s.kernel().ptes();
                for (int i = 0; i < ptes.size(); i++) {
                    if (ptes.get(i).folio() == l.folio()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean any(State s, int flag) {
        for (int t = 0; t < s.threads().size(); t++) {
            if (s.thread(t).has(flag)) {
                return true;
            }
        }
        return false;
    }
}
