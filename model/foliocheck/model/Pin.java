package foliocheck.model;

import java.util.List;

/**
 * A FOLL_PIN of one user address of mm A (mm/gup.c {@code pin_user_pages_fast}), then a DMA
 * write through the pin (a read, for {@link #readOnly}), then {@code unpin_user_page}.
 *
 * <p>GUP-fast reads the entry without locks ({@code gup_fast_pte_range},
 * {@code gup_fast_pmd_leaf}, {@code gup_fast_pud_leaf}); for a devmap entry it first takes a
 * pgmap reference ({@code get_dev_pagemap}); grabs the folio with
 * {@code try_grab_folio_fast} (a {@code folio_try_get}: fails on 0); then re-reads the entry
 * and backs off ({@code gup_put_folio}) if it changed. On any failure it falls back to the
 * slow path ({@code follow_page_pte}, or {@code follow_huge_pmd}/{@code follow_huge_pud} at a
 * leaf, under the page table lock), which here fails with
 * -EFAULT when no entry is present instead of faulting one in.
 *
 * <p>A FOLL_LONGTERM pin of FS DAX ({@link Design#refusesLongtermPins}) fails with
 * -EOPNOTSUPP in the slow path's {@code check_vma_flags} ({@code vma_is_fsdax}), which takes
 * nothing. GUP-fast gets there first. On a devmap entry (6.0–6.14) it bails out before
 * {@code get_dev_pagemap} and any grab. On an ordinary refcounted entry (6.15+) it does not
 * know yet: {@code try_grab_folio_fast} takes a plain reference ({@code try_get_folio}, which
 * fails on 0), finds the folio not long-term pinnable ({@code folio_is_fsdax}) and drops it
 * again ({@code folio_put_refs}), all with interrupts off. A truncate can see that
 * reference, find the page busy and sleep, and the drop must then wake it. The drop is of
 * one reference, as for a PTE; on a PMD or PUD leaf the kernel takes and drops one a
 * subpage, which changes the count's size, not when it is off 0.
 *
 * <p>A FOLL_LONGTERM pin of device-dax ({@link Pgmap#generic}) is granted, but not by
 * GUP-fast: {@code check_vma_flags} refuses only {@code vma_is_fsdax}, and device-dax folios
 * are long-term pinnable, so {@code try_grab_folio_fast} takes the pin; but after the
 * re-check {@code gup_fast_folio_allowed} refuses a writable long-term pin of a file-backed
 * folio (the folio's mapping is the dax inode's, not shmem), and {@code gup_put_folio} gives
 * it back. On a devmap entry (6.0–6.14) GUP-fast bails out before the grab, as for FS DAX.
 * The slow path then pins. Long-term pins are taken to be writable (an RDMA registration
 * with write access): a read-only one would get through GUP-fast. How long a pin is held
 * the model leaves open for every pin.
 */
public final class Pin extends Program {
    static final int READ = 0;
    static final int PGMAP = 1;
    static final int GRAB = 2;
    static final int RECHECK = 3;
    static final int BACKOFF = 4;
    static final int BACKOFF_PGMAP = 5;
    static final int SLOW = 6;
    static final int PUT_PGMAP = 7;
    static final int DMA = 8;
    static final int UNPIN = 9;
    /** FOLL_LONGTERM: {@code try_grab_folio_fast} drops the reference it took on a folio that cannot be pinned long-term. */
    static final int LONGTERM_PUT = 10;

    private final String name;
    private final int slot;
    private final boolean longterm;
    /** The DMA writes into the page (FOLL_WRITE); false: it reads from it ({@link #readOnly}). */
    private final boolean write;

    /**
     * @param name     thread name
     * @param slot     the address pinned, a slot of mm A
     * @param longterm FOLL_LONGTERM (writable, as an RDMA registration's)
     */
    public Pin(String name, int slot, boolean longterm) {
        this(name, slot, longterm, true);
    }

    private Pin(String name, int slot, boolean longterm, boolean write) {
        this.name = name;
        this.slot = slot;
        this.longterm = longterm;
        this.write = write;
    }

    /**
     * A FOLL_PIN without FOLL_WRITE of slot {@code slot} of mm A, the DMA reading from the
     * page ({@code dma_read}): an {@code O_DIRECT} write from the mapping, say. The only pin
     * a block file A shares with file B ({@link Kernel#REFLINKED}) can take without a write
     * fault breaking the sharing first (copy on write, not modelled).
     */
    public static Pin readOnly(String name, int slot) {
        return new Pin(name, slot, false, false);
    }

    private String dmaLabel() {
        return write ? "dma_write" : "dma_read";
    }

    @Override
    public String name() {
        return name;
    }

    /** The address pinned, a slot of mm A. */
    int slot() {
        return slot;
    }

    @Override
    public String identity() {
        return "pin:" + slot + ":" + longterm + (write ? "" : ":read");
    }

    @Override
    public Local initial() {
        return longterm ? Local.start().set(Local.LONGTERM) : Local.start();
    }

    /**
     * From the entry read to the re-check or back-off: {@code gup_fast} runs
     * {@code gup_fast_pgd_range} with interrupts off, a put that reaches idle (and its
     * wake-up) included. The slow path and the DMA run with interrupts on.
     */
    @Override
    public boolean inRcuReadSection(Local l) {
        return switch (l.pc()) {
            case PGMAP, GRAB, RECHECK, BACKOFF, BACKOFF_PGMAP, PUT_PGMAP, LONGTERM_PUT -> true;
            case WAKE, FREE -> l.ret() == SLOW || l.ret() == BACKOFF_PGMAP;
            default -> false;
        };
    }

    @Override
    public List<String> labels(Design d) {
        if (longterm) {
            return List.of("gup_fast_pte_range", "try_grab_folio_fast", "folio_put_refs", "check_vma_flags");
        }
        return List.of("gup_fast_pte_range", "try_grab_folio_fast", "gup_put_folio",
                "follow_page_pte", dmaLabel(), "unpin_user_page");
    }

    /**
     * The slow path's walk ({@code follow_page_mask}) ends at the entry's level: a leaf PMD
     * ({@code follow_devmap_pmd} for a devmap one, before 6.15) or PUD, or a PTE.
     */
    private static String slowLabel(Pte e) {
        if (e == null || e.level() == Level.PTE) {
            return "follow_page_pte";
        }
        return e.level() == Level.PUD ? "follow_huge_pud" : e.devmap() ? "follow_devmap_pmd" : "follow_huge_pmd";
    }

    /**
     * {@link #labels(Design)} with the GUP-fast reads and slow-path leaves of each level a
     * fault of {@code sc} can map this pin's address at ({@code follow_page_pte} always: it
     * also fails where no entry is).
     * A long-term pin the design does not refuse (device-dax) runs the ordinary steps: the
     * pin GUP-fast gives back, then the slow path's; where entries are devmap or special,
     * GUP-fast bails out before the grab.
     */
    @Override
    public List<String> labels(Design d, Scenario sc) {
        boolean refused = longterm && !sc.deviceDax() && d.refusesLongtermPins();
        List<String> l = new java.util.ArrayList<>(refused ? labels(d)
                : List.of("gup_fast_pte_range", "try_grab_folio_fast", "gup_put_folio", "follow_page_pte", dmaLabel(),
                        "unpin_user_page"));
        boolean devmap = !d.mappingsHoldReferences() && d.hasPages();
        if (longterm && !refused && !d.mappingsHoldReferences()) {
            // GUP-fast bails out on a devmap or special entry before any grab.
            l.removeAll(List.of("try_grab_folio_fast", "gup_put_folio"));
        }
        java.util.Set<Level> leaves = Fault.mmALevels(d, sc, slot);
        for (Level o : List.of(Level.PUD, Level.PMD)) {
            if (leaves.contains(o)) {
                l.add(1, o == Level.PMD ? "gup_fast_pmd_leaf" : "gup_fast_pud_leaf");
                if (!refused) {
                    l.add(l.indexOf("follow_page_pte") + 1, o == Level.PUD ? "follow_huge_pud"
                            : devmap ? "follow_devmap_pmd" : "follow_huge_pmd");
                }
            }
        }
        return l;
    }

    private static String readLabel(Pte e) {
        if (e == null || e.level() == Level.PTE) {
            return "gup_fast_pte_range";
        }
        return e.level() == Level.PMD ? "gup_fast_pmd_leaf" : "gup_fast_pud_leaf";
    }

    @Override
    void programSteps(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        Pte e = k.pte(Kernel.MM_A, slot);
        switch (me.pc()) {
            case READ -> {
                if (longterm) {
                    if (e == null || e.special() || e.devmap()) {
                        // GUP-fast takes nothing from this entry; the slow path refuses FS DAX.
                        if (longtermRefused(c)) {
                            refuseLongterm(c);
                        } else {
                            c.go(readLabel(e), k, me.at(SLOW));
                        }
                    } else {
                        c.go(readLabel(e), k, me.withFolio(e.folio()).at(GRAB));
                    }
                } else if (e == null || e.special()) {
                    c.go(readLabel(e), k, me.at(SLOW));
                } else {
                    int next = c.d.gupTakesPgmapRef(e) ? PGMAP : GRAB;
                    Local l = me.withFolio(e.folio()).at(next);
                    c.go(readLabel(e), k, e.level() == Level.PUD ? l.set(Local.VIA_PUD) : l.clear(Local.VIA_PUD));
                }
            }
            case PGMAP -> {
                if (k.pgmap().life() == Pgmap.Life.LIVE) {
                    c.go("get_dev_pagemap", k.withPgmap(k.pgmap().withRef(k.pgmap().ref() + 1)),
                            me.set(Local.PGMAP_REF).at(GRAB));
                } else {
                    c.go("get_dev_pagemap", k, me.at(SLOW));
                }
            }
            case GRAB -> grab(c);
            case RECHECK -> {
                // A long-term pin GUP-fast may take, it gives back: gup_fast_folio_allowed.
                if (e != null && e.folio() == me.folio() && !longterm) {
                    c.go(readLabel(e), k, me.set(Local.PINNED).at(me.has(Local.PGMAP_REF) ? PUT_PGMAP : DMA));
                } else {
                    c.go(readLabel(e), k, me.at(BACKOFF));
                }
            }
            case BACKOFF -> c.put("gup_put_folio", me.folio(), 0, 1, me.withPins(0),
                    me.has(Local.PGMAP_REF) ? BACKOFF_PGMAP : SLOW);
            case BACKOFF_PGMAP -> c.go("put_dev_pagemap", k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1)),
                    me.clear(Local.PGMAP_REF).at(SLOW));
            case SLOW -> slow(c, e);
            case LONGTERM_PUT -> c.put("folio_put_refs", me.folio(), 1, 0, me.withRefs(0), SLOW);
            case PUT_PGMAP -> c.go("put_dev_pagemap", k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1)),
                    me.clear(Local.PGMAP_REF).at(DMA));
            case DMA -> c.local(dmaLabel(), me.at(UNPIN));
            case UNPIN -> c.put("unpin_user_page", me.folio(), 0, 1,
                    me.withPins(0).clear(Local.PINNED | Local.STALE | Local.VIA_PUD), DONE);
            default -> { }
        }
    }

    /** Whether this is a FOLL_LONGTERM pin of FS DAX that the design refuses. */
    private boolean longtermRefused(Ctx c) {
        return longterm && !c.k.pgmap().generic() && c.d.refusesLongtermPins();
    }

    /** The slow path's {@code check_vma_flags}: -EOPNOTSUPP for FS DAX, nothing taken. */
    private static void refuseLongterm(Ctx c) {
        c.go("check_vma_flags", c.k, c.me.set(Local.FAILED).at(DONE));
    }

    private void grab(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        int f = me.folio();
        String uaf = c.touch(f, "try_grab_folio_fast");
        if (longtermRefused(c)) {
            // Not long-term pinnable (FS DAX): a plain reference, dropped again.
            if (k.folio(f).refcount() == 0) {
                c.goTouching("try_grab_folio_fast", k, me.at(SLOW), uaf);
            } else {
                c.goTouching("try_grab_folio_fast", k.withFolioRef(f), me.withRefs(1).at(LONGTERM_PUT), uaf);
            }
            return;
        }
        Kernel k2 = c.d.grabPin(k, f);
        if (k2 == null) {
            Local l = me.at(me.has(Local.PGMAP_REF) ? BACKOFF_PGMAP : SLOW);
            c.goTouching("try_grab_folio_fast", k, l, uaf);
            return;
        }
        Local l = me.withPins(1);
        if (c.d.gupFastRechecks()) {
            l = l.at(RECHECK);
        } else if (longterm) {
            l = l.at(BACKOFF);   // gup_fast_folio_allowed, re-check or not
        } else {
            Pte now = k.pte(Kernel.MM_A, slot);
            boolean stale = now == null || now.folio() != f;
            l = l.set(Local.PINNED | (stale ? Local.STALE : 0)).at(me.has(Local.PGMAP_REF) ? PUT_PGMAP : DMA);
        }
        c.goTouching("try_grab_folio_fast", k2, l, uaf);
    }

    private void slow(Ctx c, Pte e) {
        Kernel k = c.k;
        Local me = c.me;
        if (longtermRefused(c)) {
            refuseLongterm(c);
            return;
        }
        String label = slowLabel(e);
        boolean refused = e == null || e.special()
                || c.d.gupTakesPgmapRef(e) && k.pgmap().life() != Pgmap.Life.LIVE;
        if (refused) {
            c.go(label, k, me.set(Local.FAILED).at(DONE));
            return;
        }
        Kernel k2 = c.d.grabPinSlow(k, e.folio());
        if (k2 == null) {
            c.go(label, k, me.set(Local.FAILED).at(DONE));
            return;
        }
        Local l = me.withFolio(e.folio()).withPins(1).set(Local.PINNED)
                .set(e.level() == Level.PUD ? Local.VIA_PUD : 0).at(DMA);
        String uaf = c.touch(e.folio(), label);
        c.goTouching(label, k2, l, uaf);
    }
}
