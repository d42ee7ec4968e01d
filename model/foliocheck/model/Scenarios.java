package foliocheck.model;

import java.util.ArrayList;
import java.util.List;

/** The built-in scenarios, in the order the command line lists them. */
public final class Scenarios {
    private Scenarios() { }

    /** Every built-in scenario. */
    public static List<Scenario> all() {
        return List.of(
                new Scenario("pin-truncate",
                        "a PTE fault maps folio0, GUP pins it for DMA, truncate runs concurrently",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new Pin("pin", 0, false),
                                new Truncate(false)),
                        List.of(Level.PTE), List.of("pinned", "truncate-waited", "block-freed")),
                new Scenario("gupfast-truncate",
                        "as pin-truncate, and file B reallocates and faults in the freed block",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new Pin("pin", 0, false),
                                new Truncate(false), new Reallocate()),
                        List.of(Level.PTE), List.of("pinned", "truncate-waited", "block-reused")),
                new Scenario("refault-truncate",
                        "as pin-truncate, and a second fault that may map the page again while truncate sleeps",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new Pin("pin", 0, false),
                                new Truncate(false), new Fault("refault", 0, 0, Level.PTE, false)),
                        List.of(Level.PTE), List.of("pinned", "remapped-while-waiting", "block-freed")),
                new Scenario("fork-truncate",
                        "a PTE fault maps folio0, fork copies the entry into a child that exits, truncate runs",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new Fork(0), new Truncate(false)),
                        List.of(Level.PTE), List.of("copied", "block-freed")),
                new Scenario("reflink-truncate",
                        "files A and B share a reflinked PMD block; both read-fault it in, and truncate of A runs",
                        List.of(new Fault("fault-a", 0, 0, Level.PMD, false), Fault.ofFileB("fault-b", 0, 0, Level.PMD),
                                new Truncate(false)),
                        List.of(Level.PMD), List.of("shared-mapped", "unshared")),
                new Scenario("reflink-two-maps",
                        "mm A maps one PMD block file A shares with file B at two addresses while a pin holds the first",
                        List.of(new Fault("fault", 0, 0, Level.PMD, false), Pin.readOnly("pin", 0),
                                new Fault("fault-2", 1, 0, Level.PMD, false)),
                        List.of(Level.PMD), List.of("pinned", "zapped")).reflinking(0),
                new Scenario("pin-evict",
                        "fault, pin, munmap, then inode eviction while the pin may still be held",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new Pin("pin", 0, false),
                                new Munmap(), new Truncate(true)),
                        List.of(Level.PTE), List.of("pinned", "evict-waited", "block-freed")),
                new Scenario("kill-evict",
                        "fault and munmap, the file kept open; device unbind and inode eviction in either order",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), PgmapKill.after(Fault.class, Munmap.class),
                                new Munmap(), new Truncate(true)),
                        List.of(Level.PTE), List.of("mapped", "teardown-done", "evict-after-unbind")),
                new Scenario("pin-kill",
                        "fault, pin, and device unbind (kill_dax, memunmap_pages) concurrently",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new Pin("pin", 0, false),
                                new PgmapKill(true)),
                        List.of(Level.PTE), List.of("pinned", "teardown-done")),
                new Scenario("fault-kill",
                        "a fault racing device unbind between dax_iomap_direct_access and the insert",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new PgmapKill(false)),
                        List.of(Level.PTE), List.of("mapped", "teardown-done")),
                new Scenario("request-release",
                        "fault, GUP pin, truncate and device unbind: the pgmap reference must not be lost",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new Pin("pin", 0, false),
                                new Truncate(false), new PgmapKill(true)),
                        List.of(Level.PTE), List.of("pinned", "teardown-done")),
                new Scenario("pmd-fault-zap",
                        "a PMD fault maps a PMD folio, then munmap zaps it",
                        List.of(new Fault("fault", 0, 0, Level.PMD, false), new Munmap()),
                        List.of(Level.PMD), List.of("pmd-mapped", "zapped")),
                new Scenario("pmd-pin-kill",
                        "a PMD fault maps a PMD folio, GUP pins it, and device unbind (kill_dax, memunmap_pages)",
                        List.of(new Fault("fault", 0, 0, Level.PMD, false), new Pin("pin", 0, false),
                                new PgmapKill(true)),
                        List.of(Level.PMD), List.of("pmd-mapped", "pinned", "teardown-done")),
                new Scenario("pmd-fault-kill",
                        "a PMD fault racing device unbind: it may map between the unmap pass and the invalidation",
                        List.of(new Fault("fault", 0, 0, Level.PMD, false), new PgmapKill(false)),
                        List.of(Level.PMD), List.of("pmd-mapped", "teardown-done")),
                new Scenario("pte-on-pmd",
                        "a PMD fault maps a PMD folio, a PTE fault maps one of its pages, GUP pins it, truncate runs",
                        List.of(new Fault("fault-pmd", 0, 0, Level.PMD, false),
                                new Fault("fault-pte", 1, 0, Level.PTE, false), new Pin("pin", 1, false),
                                new Truncate(false)),
                        List.of(Level.PMD), List.of("pte-and-pmd-mapped", "pinned", "truncate-waited", "block-freed")),
                new Scenario("pud-fault-pin",
                        "device-dax: a PUD fault and a PMD-size fault on one PUD folio, and a pin",
                        List.of(new Fault("fault-pud", 0, 0, Level.PUD, true),
                                new Fault("fault-pmd", 1, 0, Level.PMD, true), new Pin("pin", 0, false)),
                        List.of(Level.PUD), List.of("mapped", "pinned-via-pud")),
                new Scenario("devdax-pin-kill",
                        "device-dax: a PUD fault, a FOLL_LONGTERM pin, and the device's unbind (kill_dev_dax)",
                        List.of(new Fault("fault", 0, 0, Level.PUD, true), new Pin("pin", 0, true),
                                PgmapKill.deviceDaxUnbind()),
                        List.of(Level.PUD), List.of("pinned-via-pud", "teardown-done")),
                new Scenario("longterm-pin",
                        "a FOLL_LONGTERM pin of an FS DAX mapping is refused, truncate runs concurrently",
                        List.of(new Fault("fault", 0, 0, Level.PTE, false), new Pin("pin", 0, true),
                                new Truncate(false)),
                        List.of(Level.PTE), List.of("mapped", "block-freed")),
                stress(2));
    }

    /** The built-in scenario called {@code name}, including {@code stress-1} to {@code stress-9}; null if none. */
    public static Scenario named(String name) {
        List<Scenario> all = all();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).name().equals(name)) {
                return all.get(i);
            }
        }
        if (name.length() == 8 && name.startsWith("stress-") && name.charAt(7) >= '1' && name.charAt(7) <= '9') {
            return stress(name.charAt(7) - '0');
        }
        return null;
    }

    /**
     * Two PTE faults over two folios, {@code pins} pins spread over them, truncate and
     * device unbind: the benchmark scenario ({@code stress} has two pins).
     */
    public static Scenario stress(int pins) {
        List<Program> p = new ArrayList<>();
        p.add(new Fault("fault0", 0, 0, Level.PTE, false));
        p.add(new Fault("fault1", 1, 1, Level.PTE, false));
        for (int i = 0; i < pins; i++) {
            p.add(new Pin("pin" + i, i % 2, false));
        }
        p.add(new Truncate(false));
        p.add(new PgmapKill(false));
        String name = pins == 2 ? "stress" : "stress-" + pins;
        return new Scenario(name, "two faults, " + pins + " pins, truncate and device unbind over two folios",
                List.copyOf(p), List.of(Level.PTE, Level.PTE), List.of("pinned", "truncate-waited", "teardown-done"));
    }
}
