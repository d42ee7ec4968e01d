package foliocheck.model;

/**
 * One thread's private state: its program counter and the references it holds.
 *
 * @param pc     program counter (constants of the thread's {@link Program})
 * @param folio  the folio the thread works on, or {@link Kernel#NONE}
 * @param refs   plain folio references held (a GUP reference, a deferred put)
 * @param pins   FOLL_PIN pins held on {@code folio}
 * @param flags  bits of {@code Local.*} below
 * @param ret    where a shared sub-step (put, wake) returns to
 */
public record Local(int pc, int folio, int refs, int pins, int flags, int ret) {

    /** The pin was returned to the caller (established), not just grabbed. */
    public static final int PINNED = 1;
    /** Ghost: the pin was established although the entry it was read from had changed. */
    public static final int STALE = 1 << 1;
    /** Holds a pgmap reference from {@code get_dev_pagemap}. */
    public static final int PGMAP_REF = 1 << 2;
    /** Asleep in {@code ___wait_var_event}. */
    public static final int SLEEPING = 1 << 3;
    /** A {@code wake_up_var} on the key it sleeps on has woken it. */
    public static final int WOKEN = 1 << 4;
    /** Ghost: has slept waiting for a busy page at least once. */
    public static final int WAITED = 1 << 5;
    /** The pin is FOLL_LONGTERM. */
    public static final int LONGTERM = 1 << 6;
    /** Holds {@code dax_read_lock}. */
    public static final int DAX_LOCK = 1 << 7;
    /** Ghost: the pin was taken through a PUD entry. */
    public static final int VIA_PUD = 1 << 8;
    /** Ghost: the thread mapped its folio. */
    public static final int MAPPED = 1 << 9;
    /** The operation failed (SIGBUS, -EFAULT). */
    public static final int FAILED = 1 << 10;
    /** Holds the lock bit of its DAX entry. */
    public static final int ENTRY_LOCK = 1 << 11;
    /** Ghost: zapped a mapped entry. */
    public static final int ZAPPED = 1 << 12;
    /**
     * Was inside an RCU read-side section (GUP-fast, interrupts off) when
     * {@code percpu_ref_kill} started its grace period: the pgmap count cannot reach 0
     * until the thread leaves the section.
     */
    public static final int HOLDS_GRACE = 1 << 13;
    /**
     * An unmap's walk of file A's {@code i_mmap} has left the first of two VMAs (a parent's
     * and its child's, {@link Fork}) for the second.
     */
    public static final int WALK_SECOND = 1 << 14;
    /** A fault's {@code iomap_begin} found the block shared with another file: {@code IOMAP_F_SHARED}. */
    public static final int SHARED_EXTENT = 1 << 15;

    /**
     * Bits 16 to 21 of {@code flags} hold one more than the folio a layout break's scan found
     * busy, under a design that scans before it unmaps ({@link Design#unmapsBeforeBusyScan}):
     * the page {@code dax_layout_busy_page_range} returns after its unmap (0: none). The
     * checker's packed form holds folios up to 30 there; larger ones take its slower path.
     */
    private static final int BUSY_SHIFT = 16;
    private static final int BUSY_BITS = 0x3F << BUSY_SHIFT;

    /** A thread at pc 0 holding nothing. */
    public static Local start() {
        return new Local(0, Kernel.NONE, 0, 0, 0, 0);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The folio the layout break's scan found busy and waits for after its unmap, or {@link Kernel#NONE}. */
    public int busyFolio() {
        return ((flags & BUSY_BITS) >>> BUSY_SHIFT) - 1;
    }

    /** This state remembering {@code f} ({@link Kernel#NONE}: no folio) as {@link #busyFolio}. */
    public Local withBusyFolio(int f) {
        if (f < Kernel.NONE || f + 1 > BUSY_BITS >>> BUSY_SHIFT) {
            throw new IllegalArgumentException("busy folio " + f + " out of range");
        }
        return new Local(pc, folio, refs, pins, flags & ~BUSY_BITS | (f + 1) << BUSY_SHIFT, ret);
    }

    public Local at(int newPc) {
        return new Local(newPc, folio, refs, pins, flags, ret);
    }

    public Local withFolio(int f) {
        return new Local(pc, f, refs, pins, flags, ret);
    }

    public Local withRefs(int r) {
        return new Local(pc, folio, r, pins, flags, ret);
    }

    public Local withPins(int p) {
        return new Local(pc, folio, refs, p, flags, ret);
    }

    public Local set(int flag) {
        return new Local(pc, folio, refs, pins, flags | flag, ret);
    }

    public Local clear(int flag) {
        return new Local(pc, folio, refs, pins, flags & ~flag, ret);
    }

    /** Continue at {@code next} after a sub-step, then return to {@code returnTo}. */
    public Local call(int next, int returnTo) {
        return new Local(next, folio, refs, pins, flags, returnTo);
    }

    // Hand-written, not generated: JPF silently stops a thread in generated record methods (docs/jpf.md).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Local r && pc == r.pc && folio == r.folio && refs == r.refs
                && pins == r.pins && flags == r.flags && ret == r.ret;
    }

    @Override
    public int hashCode() {
        int h = pc;
        h = 31 * h + folio;
        h = 31 * h + refs;
        h = 31 * h + pins;
        h = 31 * h + flags;
        h = 31 * h + ret;
        return h;
    }

    @Override
    public String toString() {
        return "Local[pc=" + pc + ", folio=" + folio + ", refs=" + refs + ", pins=" + pins
                + ", flags=" + flags + ", ret=" + ret + "]";
    }
}
