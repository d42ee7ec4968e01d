package foliocheck.model;

import java.util.List;

/**
 * A second file, B, that is given a freed block by the allocator ({@code xfs_alloc_file_space},
 * on ext4 {@code ext4_alloc_file_blocks}) and then faults it into mm B, so that "a DMA
 * write lands in another file's block" and
 * "a stale GUP-fast grab succeeds on a live refcount" are observable. It waits for a free
 * block as a bystander: never getting one is not a deadlock. Its fault is abridged to two
 * steps, the entry and the insert (three with a two-step activation, whose second half,
 * {@code pgmap_request_folios}' test for 1, is a step of its own as in a fault): no entry
 * lock, and none of {@link Fault}'s hold on the folio around the insert. After {@code kill_dax} the
 * allocation still succeeds (it never asks the dax device), and the fault fails at
 * {@code dax_direct_access} instead of inserting the entry.
 */
public final class Reallocate extends Program {
    static final int ALLOC = 0;
    static final int ENTRY = 1;
    static final int INSERT = 2;
    static final int ACTIVATE = 3;

    @Override
    public Device device() {
        return Device.FS_DAX;
    }

    @Override
    public String name() {
        return "file-b";
    }

    @Override
    public boolean finished(Local l) {
        return l.pc() == ALLOC || super.finished(l);
    }

    /** The allocation and the fault that follows it run under {@code sb_start_write} / {@code sb_start_pagefault}. */
    @Override
    public boolean writing(Local l) {
        return l.pc() != ALLOC && l.pc() != DONE;
    }

    @Override
    public List<String> labels(Design d) {
        List<String> l = List.of(d.filesystem().allocation(), "dax_iomap_direct_access", "dax_insert_entry",
                d.insertLabel(Level.PTE));
        return d.twoStepActivation() && d.hasPages() ? FixedList.inserting(l, 3, "pgmap_request_folios") : l;
    }

    @Override
    void programSteps(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        switch (me.pc()) {
            case ALLOC -> {
                if (c.fsFrozen() || c.fsShutDown()) {
                    return;   // a frozen filesystem allocates nothing; a shut-down one never again
                }
                for (int b = 0; b < k.blocks().size(); b++) {
                    if (k.owner(b) == Kernel.FREE) {
                        c.go(c.d.filesystem().allocation(), k.withOwner(b, Kernel.FILE_B), me.withFolio(b).at(ENTRY));
                        return;
                    }
                }
            }
            case ENTRY -> {
                if (!k.pgmap().alive()) {
                    // After kill_dax the fault fails at dax_direct_access; the block stays B's.
                    c.go("dax_iomap_direct_access", k, me.set(Local.FAILED).at(DONE));
                    return;
                }
                int f = me.folio();
                Kernel k2 = k.withEntry(new DaxEntry(Kernel.FILE_B, 0, f, false));
                String compound = null;
                if (c.d.hasPages()) {
                    compound = c.d.associateViolation(k, f);
                    k2 = c.d.associate(k2, f, Kernel.FILE_B, 0);
                }
                int next = c.d.hasPages() && c.d.twoStepActivation() ? ACTIVATE : INSERT;
                c.goTouching("dax_insert_entry", k2, me.at(next), c.touch(f, "dax_associate_entry"), compound);
            }
            case ACTIVATE -> c.activate(me.folio(), me.at(INSERT));
            case INSERT -> {
                // as a fault's insert: it takes a reference and a mapcount, touching the struct page
                int f = me.folio();
                Level l = k.folio(f).order();
                String label = c.d.insertLabel(l);
                c.goTouching(label, c.d.insert(k, Kernel.MM_B, 0, l, f), me.set(Local.MAPPED).at(DONE), c.touch(f, label));
            }
            default -> { }
        }
    }
}
