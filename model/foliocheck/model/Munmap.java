package foliocheck.model;

import java.util.List;

/**
 * {@code munmap} of file A's mapping in mm A: waits for faults in flight
 * ({@code mmap_write_lock}), removes the VMA, then zaps every entry
 * ({@code unmap_vmas}) and drops the references ({@code tlb_finish_mmu}).
 */
public final class Munmap extends Program {
    static final int START = 0;
    static final int ZAP = 1;
    static final int PUT_REFS = 2;

    @Override
    public String name() {
        return "munmap";
    }

    @Override
    public List<String> labels(Design d) {
        return d.mappingsHoldReferences()
                ? List.of("munmap", "zap_pte_range", "folios_put_refs", "unmap_vmas")
                : List.of("munmap", "zap_pte_range", "unmap_vmas");
    }

    /** {@link #labels(Design)} with the zaps of the levels {@code sc}'s faults map mm A at. */
    @Override
    public List<String> labels(Design d, Scenario sc) {
        return Unmapper.withZaps(labels(d), d, sc, false);
    }

    @Override
    public String blockedReason(State s, Local l) {
        return "mmap_write_lock waits for a fault in flight";
    }

    @Override
    void programSteps(Ctx c) {
        Kernel k = c.k;
        switch (c.me.pc()) {
            case START -> {
                if (!c.mmAFaultInFlight()) {
                    c.go("munmap", k.withVmaGone(true), c.me.at(ZAP));
                }
            }
            case ZAP -> {
                Pte e = k.firstPte(Kernel.MM_A);
                if (e != null) {
                    Unmapper.zap(c, e, PUT_REFS, ZAP);
                } else {
                    c.go("unmap_vmas", k, c.me.at(DONE));
                }
            }
            case PUT_REFS -> Unmapper.putRefs(c, ZAP);
            default -> { }
        }
    }
}
