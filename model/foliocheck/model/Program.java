package foliocheck.model;

import foliocheck.engine.Steps;
import java.util.List;

/**
 * A thread's program: labelled steps over {@link State}, one program counter per thread.
 * Subclasses read like the kernel path they abstract; shared sub-steps (the free path after a
 * put reaches 0, the wake-up) live here.
 */
public abstract class Program {
    /** Program counter of the wake-up sub-step of a put that left the folio above 0; returns to {@link Local#ret()}. */
    static final int WAKE = 90;
    /**
     * Program counter of {@code free_zone_device_folio} after a put took the folio to 0;
     * returns to {@link Local#ret()}. The count is already 0 here, so a teardown may have
     * freed the memmap since, yet the free path still reads the folio ({@code folio->pgmap},
     * {@code mem_cgroup_uncharge}) before its design's part ({@link Design#freed}) and
     * {@code wake_up_var}, which uses only the page's address.
     */
    static final int FREE = 91;
    /** Program counter of a finished thread. */
    public static final int DONE = 99;

    /** Whether thread state {@code l} is about to wake, under {@code d}, the waiters on folio {@code f}. */
    public static boolean wakePending(Local l, int f, Design d) {
        return l.folio() == f && (l.pc() == WAKE || l.pc() == FREE && d.freeWakes());
    }

    /** Where thread state {@code l} is in its program, a put's sub-step counted as the step it returns to. */
    static int phase(Local l) {
        return l.pc() == WAKE || l.pc() == FREE ? l.ret() : l.pc();
    }

    /** Whether thread state {@code l} is in {@code free_zone_device_folio}: a put took its folio to 0. */
    public static boolean freeing(Local l) {
        return l.pc() == FREE;
    }

    /** The thread's name in traces. */
    public abstract String name();

    /** Parameters that make two threads of the same program identical (for symmetry). */
    public String identity() {
        return name();
    }

    /** Which kind of device a thread's steps are written for ({@link #device}). */
    public enum Device {
        /** Either: a pin, a munmap. */
        EITHER,
        /** pmem under a filesystem ({@code MEMORY_DEVICE_FS_DAX}): its faults, truncate, unbind. */
        FS_DAX,
        /** A device-dax instance ({@code MEMORY_DEVICE_GENERIC}): {@code dev_dax_huge_fault}, {@code kill_dev_dax}. */
        DEVICE_DAX
    }

    /** The kind of device this thread works on; a scenario's threads agree ({@link Scenario#deviceDax}). */
    public Device device() {
        return Device.EITHER;
    }

    /** The labels this program can execute under {@code d}, for the coverage report. */
    public abstract List<String> labels(Design d);

    /** {@link #labels(Design)} as far as scenario {@code sc} (its device, its folios' orders) allows. */
    public List<String> labels(Design d, Scenario sc) {
        return labels(d);
    }

    /** The thread's state at the start. */
    public Local initial() {
        return Local.start();
    }

    /** Whether the thread has nothing more to do. */
    public boolean finished(Local l) {
        return l.pc() == DONE;
    }

    /**
     * Whether the thread is inside an RCU read-side critical section. GUP-fast walks the
     * page tables with interrupts off ({@code local_irq_save} in {@code gup_fast}), and a
     * grace period waits for every such section that began before it
     * ({@link Local#HOLDS_GRACE}, cleared when the thread leaves the section).
     */
    public boolean inRcuReadSection(Local l) {
        return false;
    }

    /**
     * Whether the thread is inside a filesystem write operation ({@code sb_start_write}
     * taken), which {@code freeze_super} waits for: a truncate or a block allocation.
     */
    public boolean writing(Local l) {
        return false;
    }

    /** Why the thread cannot move, for deadlock reports. */
    public String blockedReason(State s, Local l) {
        return "blocked";
    }

    /** Offers the thread's steps; the wake-up sub-step is common to all programs. */
    final void steps(Ctx c) {
        if (c.me.pc() == WAKE) {
            c.go(c.d.wakeLabel(), c.k, c.me.at(c.me.ret()), c.wake(c.me.folio()));
        } else if (c.me.pc() == FREE) {
            c.free();
        } else {
            programSteps(c);
        }
    }

    /** The program's own steps. */
    abstract void programSteps(Ctx c);

    /**
     * What a {@code dax_folio_put} leaves ({@link Ctx#daxFolioPut}): the kernel, and the
     * property it breaks with why, or nulls.
     */
    static final class Disassociation {
        private final Kernel k;
        private final String property;
        private final String detail;

        Disassociation(Kernel k, String property, String detail) {
            this.k = k;
            this.property = property;
            this.detail = detail;
        }

        Kernel k() {
            return k;
        }

        String property() {
            return property;
        }

        String detail() {
            return detail;
        }
    }

    /**
     * One step's context: the state, the thread, the design and where steps go. A search
     * thread reuses one for every state it expands ({@link #of}); programs read it only
     * while offering their steps.
     */
    static final class Ctx {
        State s;
        int self;
        final Design d;
        Steps<State> out;
        Local me;
        Kernel k;
        final List<Program> programs;
        /** Whether some thread forks mm A ({@link Fork}), so that file A has a second VMA, mm C's. */
        final boolean forked;

        Ctx(State s, int self, Design d, List<Program> programs, Steps<State> out) {
            this(d, programs);
            of(s, self, out);
        }

        /** A context to be pointed at a state and thread by {@link #of}. */
        Ctx(Design d, List<Program> programs) {
            this.d = d;
            this.programs = programs;
            boolean fork = false;
            for (int t = 0; t < programs.size(); t++) {
                fork |= programs.get(t) instanceof Fork;
            }
            this.forked = fork;
        }

        /** This context, now for thread {@code self} of {@code s}, offering to {@code out}. */
        Ctx of(State s, int self, Steps<State> out) {
            this.s = s;
            this.self = self;
            this.out = out;
            this.me = s.thread(self);
            this.k = s.kernel();
            return this;
        }

        /** A step to kernel {@code k2} with this thread at {@code l2}. */
        void go(String label, Kernel k2, Local l2) {
            offer(label, k2, s.with(k2, self, left(l2)));
        }

        /** A step that also rewrites other threads (a wake-up). */
        void go(String label, Kernel k2, Local l2, List<Local> others) {
            offer(label, k2, new State(k2, others).with(self, left(l2)));
        }

        /**
         * Offers step {@code label} to {@code n}, whose kernel is {@code k2}: a memmap-lifetime
         * violation if it takes a pgmap reference after {@code percpu_ref_kill}. Every step
         * that does not report a violation of its own comes through here; a step reports
         * one violation, so one that has its own ({@link #bad}) reports only that.
         */
        private void offer(String label, Kernel k2, State n) {
            String dying = refWhileDying(label, k2);
            if (dying != null) {
                out.violation(label, n, "memmap-lifetime", dying);
            } else {
                out.step(label, n);
            }
        }

        /**
         * Non-null when the step to {@code k2} raises {@code pgmap->ref} while the pgmap is
         * not live: a reference taken after {@code percpu_ref_kill} (the kernel's
         * {@code percpu_ref_tryget}, unlike {@code percpu_ref_tryget_live}, succeeds on a
         * killed ref while its count is above 0), which teardown must then wait for.
         */
        private String refWhileDying(String label, Kernel k2) {
            Pgmap p = k.pgmap();
            if (k2.pgmap() == p || p.life() == Pgmap.Life.LIVE || k2.pgmap().ref() <= p.ref()) {
                return null;
            }
            return label + " takes a pgmap reference after percpu_ref_kill (pgmap "
                    + (p.life() == Pgmap.Life.DYING ? "dying" : "dead") + ", ref now " + k2.pgmap().ref() + ")";
        }

        /** A step that touches only this thread's state. */
        void local(String label, Local l2) {
            out.localStep(label, s.with(self, left(l2)));
        }

        /** A step that breaks {@code property} itself. */
        void bad(String label, Kernel k2, Local l2, String property, String detail) {
            out.violation(label, s.with(k2, self, left(l2)), property, detail);
        }

        /** A thread that leaves its read-side section no longer holds up the grace period. */
        private Local left(Local l2) {
            return l2.has(Local.HOLDS_GRACE) && !programs.get(self).inRcuReadSection(l2)
                    ? l2.clear(Local.HOLDS_GRACE) : l2;
        }

        /**
         * Non-null when touching folio {@code f}'s struct page now is a use after free; never
         * under a design without struct pages, which has none to touch.
         */
        String touch(int f, String what) {
            if (k.pgmap().life() == Pgmap.Life.DEAD && d.hasPages()) {
                return what + " touches folio" + f + " after pageunmap_range freed the memmap";
            }
            return null;
        }

        /**
         * A step to kernel {@code k2} with this thread at {@code l2} that touched a folio:
         * a memmap-lifetime violation when {@code uaf}, from {@link #touch}, is non-null.
         */
        void goTouching(String label, Kernel k2, Local l2, String uaf) {
            if (uaf != null) {
                bad(label, k2, l2, "memmap-lifetime", uaf);
            } else {
                go(label, k2, l2);
            }
        }

        /**
         * The two-step activation's second half on folio {@code f}, then {@code next}:
         * {@code pgmap_request_folios}' test for 1 ({@code percpu_ref_tryget} if so), which
         * reads the folio's count and so touches its struct page.
         */
        void activate(int f, Local next) {
            goTouching("pgmap_request_folios", d.activateSecondHalf(k, f), next, touch(f, "pgmap_request_folios"));
        }

        /**
         * {@link #goTouching}, and also a compound-at-zero violation when {@code compound}
         * (why the step builds or splits a folio above refcount 0) is non-null.
         */
        void goTouching(String label, Kernel k2, Local l2, String uaf, String compound) {
            if (uaf == null && compound != null) {
                bad(label, k2, l2, "compound-at-zero", compound);
            } else {
                goTouching(label, k2, l2, uaf);
            }
        }

        /**
         * A put of {@code refs} references and {@code pins} pins on folio {@code f}, then
         * {@code next}, through {@code free_zone_device_folio} when the put reached 0 or the
         * wake-up when the design wakes on this put.
         */
        void put(String label, int f, int refs, int pins, Local after, int next) {
            Kernel k2 = d.put(k, f, refs, pins);
            Local l2 = k2.folio(f).refcount() == 0 ? after.withFolio(f).call(FREE, next)
                    : d.putWakes(k, k2, f) ? after.withFolio(f).call(WAKE, next) : after.at(next);
            String uaf = touch(f, label);
            goTouching(label, k2, l2, uaf);
        }

        /** {@code free_zone_device_folio} of this thread's folio: read it, the design's part, the wake-up. */
        private void free() {
            int f = me.folio();
            String uaf = touch(f, "free_zone_device_folio");
            State n = new State(d.freed(k, f), d.freeWakes() ? wake(f) : s.threads()).with(self, left(me.at(me.ret())));
            if (uaf != null) {
                out.violation("free_zone_device_folio", n, "memmap-lifetime", uaf);
            } else {
                offer("free_zone_device_folio", n.kernel(), n);
            }
        }

        /**
         * One step {@code label} that deletes DAX entries, each folio through
         * {@code dax_disassociate_entry} → {@code dax_folio_put} (which touches the folio and
         * splits a compound one, so it reports a freed memmap or a split above refcount 0),
         * then moves this thread to {@code next}. A truncate ({@code truncates}) deletes
         * file A's entries and leaves file A empty; otherwise every file's entries go (the
         * unbind's invalidation of every inode the rmap walk finds).
         */
        void deleteEntries(String label, boolean truncates, Local next) {
            Kernel k2 = k;
            Disassociation broken = null;   // the first put that breaks a property
            for (DaxEntry e : k.entries()) {
                if (truncates && e.file() != Kernel.FILE_A) {
                    continue;
                }
                if (e.folio() != Kernel.NONE && d.hasPages()) {
                    Disassociation put = daxFolioPut(k2, e.folio());
                    k2 = put.k();
                    broken = broken == null && put.property() != null ? put : broken;
                }
                k2 = k2.withoutEntry(e.file(), e.offset());
            }
            k2 = truncates ? k2.withTruncated(true) : k2;
            if (broken != null) {
                bad(label, k2, next, broken.property(), broken.detail());
            } else {
                go(label, k2, next);
            }
        }

        /**
         * {@code dax_disassociate_entry} → {@code dax_folio_put} of folio {@code f} in
         * {@code k}: {@code --folio->share} while another file's entry still associates it,
         * else the mapping cleared and a compound folio split. It touches the folio, so it
         * reports a freed memmap, or a split above refcount 0 (the kernel's
         * {@code WARN_ON_ONCE(folio_ref_count(new_folio))}).
         */
        Disassociation daxFolioPut(Kernel k, int f) {
            Folio fo = k.folio(f);
            boolean stillShared = fo.share() > 1;
            Kernel k2 = stillShared ? k.withFolio(f, fo.withShare(fo.share() - 1)) : d.disassociate(k, f);
            String uaf = touch(f, "dax_disassociate_entry");
            String split = stillShared ? null : d.disassociateViolation(k, f);
            if (uaf != null) {
                return new Disassociation(k2, "memmap-lifetime", uaf);
            }
            return new Disassociation(k2, split == null ? null : "compound-at-zero", split);
        }

        /** Thread states after {@code wake_up_var} on folio {@code f}: sleepers on the same key wake. */
        List<Local> wake(int f) {
            List<Local> ts = s.threads();
            if (d.wakeKey() != d.sleepKey()) {
                return ts;
            }
            List<Local> woken = ts;
            for (int t = 0; t < ts.size(); t++) {
                Local l = ts.get(t);
                if (l.has(Local.SLEEPING) && !l.has(Local.WOKEN) && l.folio() == f) {
                    woken = FixedList.with(woken, t, l.set(Local.WOKEN));
                }
            }
            return woken;
        }

        /**
         * Thread states when a grace period starts: every thread inside an RCU read-side
         * section now holds it up ({@link Local#HOLDS_GRACE}).
         */
        List<Local> startGracePeriod() {
            List<Local> ts = s.threads();
            for (int t = 0; t < ts.size(); t++) {
                Local l = ts.get(t);
                if (programs.get(t).inRcuReadSection(l) && !l.has(Local.HOLDS_GRACE)) {
                    ts = FixedList.with(ts, t, l.set(Local.HOLDS_GRACE));
                }
            }
            return ts;
        }

        /**
         * Whether a thread is still inside a read-side section the grace period waits for:
         * one still marked, since a thread's mark goes when it leaves ({@link #left}).
         */
        boolean gracePeriodHeld() {
            for (Local l : s.threads()) {
                if (l.has(Local.HOLDS_GRACE)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether a device unbind has shut the filesystem down ({@code xfs_force_shutdown},
         * or {@code fs_bdev_mark_dead} where that is a step); never under a design whose
         * unbind neither notifies the filesystem nor runs that step.
         */
        boolean fsShutDown() {
            if (!d.unbindShutsDown()) {
                return false;
            }
            for (int t = 0; t < programs.size(); t++) {
                if (programs.get(t) instanceof PgmapKill p && p.shutDown(s.thread(t), d)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a device unbind holds the filesystem frozen ({@code freeze_super}, until the thaw). */
        boolean fsFrozen() {
            for (int t = 0; t < programs.size(); t++) {
                if (programs.get(t) instanceof PgmapKill p && p.frozen(s.thread(t))) {
                    return true;
                }
            }
            return false;
        }

        /** Whether some thread is inside a filesystem write operation ({@link Program#writing}). */
        boolean writerInFlight() {
            for (int t = 0; t < programs.size(); t++) {
                if (programs.get(t).writing(s.thread(t))) {
                    return true;
                }
            }
            return false;
        }

        /** Whether some thread of type {@code type} has started (left pc 0) and not finished. */
        boolean inFlight(Class<? extends Program> type) {
            return inFlight(type::isInstance);
        }

        /** Whether some thread whose program is {@code which} has started (left pc 0) and not finished. */
        private boolean inFlight(java.util.function.Predicate<Program> which) {
            for (int t = 0; t < programs.size(); t++) {
                Program p = programs.get(t);
                Local l = s.thread(t);
                if (which.test(p) && l.pc() != 0 && !p.finished(l)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether every thread running a program of type {@code type} has finished. */
        boolean allFinished(Class<? extends Program> type) {
            return allFinished(type::isInstance);
        }

        /** Whether every thread whose program is {@code which} has finished. */
        private boolean allFinished(java.util.function.Predicate<Program> which) {
            for (int t = 0; t < programs.size(); t++) {
                Program p = programs.get(t);
                if (which.test(p) && !p.finished(s.thread(t))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether a fault of mm A (file A's, not file B's: {@link Fault#ofFileB}) has started
         * and not finished: what munmap and fork of mm A wait for.
         */
        boolean mmAFaultInFlight() {
            return inFlight(Ctx::fileAFault);
        }

        /** Whether every fault of file A has finished: what file A's eviction waits for. */
        boolean fileAFaultsFinished() {
            return allFinished(Ctx::fileAFault);
        }

        private static boolean fileAFault(Program p) {
            return p instanceof Fault f && !f.onFileB();
        }
    }
}
