package foliocheck.model;

import foliocheck.engine.Steps;
import java.util.List;

/**
 * A page fault on file A (fs/dax.c {@code dax_iomap_fault} → {@code dax_iomap_pte_fault} /
 * {@code dax_iomap_pmd_fault}), or on a device-dax mapping ({@code dev_dax_huge_fault}).
 * The FS DAX path runs under the invalidate lock held shared: lock the DAX entry, look up
 * the block, {@code dax_iomap_direct_access} (which checks the dax device is alive under
 * {@code dax_read_lock} and drops it), associate the folio, insert the page-table entry,
 * unlock. Where the design says so ({@link Design#faultHoldsFolio}), {@code dax_fault_iter}
 * holds the folio across the insert with a reference of its own.
 *
 * <p>A fault of file B ({@link #ofFileB}) reads the block file B shares with file A at the
 * same offset (a reflink, {@link Kernel#REFLINKED}) into mm B. XFS's {@code iomap_begin}
 * reports such an extent with {@code IOMAP_F_SHARED} to either file's fault, and
 * {@code dax_insert_entry} passes it to {@code dax_associate_entry}: under a design with
 * {@link Design#twoStepSharedAssociation} the association is then two steps, the test
 * ({@code folio->mapping || dax_folio_is_shared(folio)}) and the update, the plain one
 * ({@code dax_folio_init}, {@code folio->mapping = mapping}) or the shared one
 * ({@code dax_folio_make_shared}, {@code folio->share++}). Each file's DAX entry lock and
 * {@code xa_lock} are its own, so the other file's fault or truncate can run between them;
 * the update reports what the kernel's {@code WARN_ON_ONCE}s there catch (compound-at-zero:
 * {@code mapping}/{@code share} changed under another file's entry lock). File B's
 * invalidate lock, which nothing here takes exclusive, is left out: its fault starts at the
 * entry.
 *
 * <p>Simplifications: the block lookup ({@code iomap_begin}) is one step; faults on a
 * truncated file fail with SIGBUS rather than allocating; {@code mmap_lock} is modelled
 * only as "munmap waits for faults in flight"; a PTE fault on a PMD block maps a page of
 * the PMD folio only once a PMD fault has set the entry, and fails otherwise (see
 * {@link #level}).
 */
public final class Fault extends Program {
    static final int LOCK = 0;
    static final int ENTRY = 1;
    static final int IOMAP = 2;
    static final int DIRECT = 3;
    static final int ASSOC = 4;
    static final int ACTIVATE = 5;
    static final int INSERT = 6;
    static final int UNLOCK_ENTRY = 7;
    static final int UNLOCK = 8;
    /** {@code folio_ref_inc} before the insert, when the design holds the folio ({@link Design#faultHoldsFolio}). */
    static final int HOLD = 9;
    /** {@code folio_put} of that reference after the insert. */
    static final int RELEASE = 10;
    /** {@code dax_associate_entry}'s plain update, after its test found the folio unassociated. */
    static final int ASSOC_PLAIN = 11;
    /** {@code dax_associate_entry}'s shared update, after its test found the folio associated. */
    static final int ASSOC_SHARE = 12;
    /**
     * {@code dax_insert_entry} in a shared extent whose DAX entry already names the folio:
     * {@code unmap_mapping_pages} of the offset, one entry a step ({@link Unmapper}).
     */
    static final int UNMAP_SHARED = 13;
    /** Its {@code folios_put_refs}. */
    static final int PUT_REFS = 14;
    /** The association after the entry's {@code dax_disassociate_entry}, as for an entry that named no folio. */
    static final int REASSOCIATE = 15;

    private final String name;
    private final int slot;
    private final int folio;
    private final Level size;
    private final boolean deviceDax;
    /** {@link Kernel#FILE_A}, or {@link Kernel#FILE_B} ({@link #ofFileB}). */
    private final int file;

    /**
     * @param name      thread name
     * @param slot      virtual address slot in mm A (in mm B for {@link #ofFileB})
     * @param folio     the file offset, whose block is folio {@code folio}
     * @param size      the fault size asked for: PTE, PMD or PUD
     * @param deviceDax a device-dax fault ({@code dev_dax_huge_fault}) instead of FS DAX
     */
    public Fault(String name, int slot, int folio, Level size, boolean deviceDax) {
        this(name, slot, folio, size, deviceDax, Kernel.FILE_A);
    }

    private Fault(String name, int slot, int folio, Level size, boolean deviceDax, int file) {
        this.name = name;
        this.slot = slot;
        this.folio = folio;
        this.size = size;
        this.deviceDax = deviceDax;
        this.file = file;
    }

    /**
     * A read fault of file B at offset {@code folio}, whose block file B shares with file A
     * ({@link Kernel#REFLINKED}, where the design reflinks DAX files: {@link Design#reflinksDax}),
     * mapping it at {@code size} at slot {@code slot} of mm B.
     */
    public static Fault ofFileB(String name, int slot, int folio, Level size) {
        return new Fault(name, slot, folio, size, false, Kernel.FILE_B);
    }

    /** The fault size asked for: PTE, PMD or PUD. */
    Level size() {
        return size;
    }

    /** The offset it faults, whose block is folio {@code folio()}. */
    public int folio() {
        return folio;
    }

    private int mm() {
        return file == Kernel.FILE_B ? Kernel.MM_B : Kernel.MM_A;
    }

    /** Whether this is file B's fault, into mm B: file A's munmap, fork and eviction do not wait for it. */
    public boolean onFileB() {
        return file == Kernel.FILE_B;
    }

    @Override
    public Local initial() {
        return file == Kernel.FILE_B ? Local.start().at(ENTRY) : Local.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String identity() {
        return "fault:" + slot + ":" + folio + ":" + size + ":" + deviceDax + (file == Kernel.FILE_B ? ":B" : "");
    }

    @Override
    public Device device() {
        return deviceDax ? Device.DEVICE_DAX : Device.FS_DAX;
    }

    private String faultLabel() {
        if (deviceDax) {
            return "dev_dax_huge_fault";
        }
        return size == Level.PTE ? "dax_iomap_pte_fault" : "dax_iomap_pmd_fault";
    }

    @Override
    public List<String> labels(Design d) {
        Level at = d.faultLevel(size, size, deviceDax);
        String insert = d.insertLabel(at == null ? size : at);
        if (deviceDax) {
            return List.of(faultLabel(), insert);
        }
        List<String> l = new java.util.ArrayList<>(List.of("filemap_invalidate_lock_shared",
                "grab_mapping_entry", faultLabel(), "dax_iomap_direct_access", "dax_insert_entry"));
        if (file == Kernel.FILE_B) {
            l.remove("filemap_invalidate_lock_shared");
        }
        if (d.twoStepActivation()) {
            l.add("pgmap_request_folios");
        }
        if (d.faultHoldsFolio()) {
            l.add("folio_ref_inc");
        }
        l.add(insert);
        if (d.faultHoldsFolio()) {
            l.add("folio_put");
        }
        l.add("dax_unlock_entry");
        if (file == Kernel.FILE_A) {
            l.add("filemap_invalidate_unlock_shared");
        }
        return l;
    }

    /** {@link #labels(Design)}, and the association's two steps where the scenario reflinks a block. */
    @Override
    public List<String> labels(Design d, Scenario sc) {
        List<String> l = labels(d);
        if (!deviceDax && d.hasPages() && d.twoStepSharedAssociation() && reflinks(d, sc)) {
            // The test and the update are both dax_associate_entry's; a fault after the block
            // stopped being shared associates in one step, dax_insert_entry, as elsewhere.
            l = new java.util.ArrayList<>(l);
            l.add(l.indexOf("dax_insert_entry") + 1, "dax_associate_entry");
            if (sc.count(Truncate.class) == 0) {
                l.remove("dax_insert_entry");   // nothing unshares the block
            }
        }
        if (!deviceDax && d.hasPages() && reflinks(d, sc) && d.reassociatesSharedEntry() && faultsOfOffset(sc) > 1) {
            // Another fault of the offset may have set the entry: the unmap and the
            // disassociation before the association (unmapShared).
            l = new java.util.ArrayList<>(l);
            java.util.Set<Level> levels = levels(d, sc, this::sameOffset);
            int at = l.indexOf("dax_iomap_direct_access") + 1;
            if (file == Kernel.FILE_A && sc.count(Fork.class) > 0 && sc.folios().get(folio) == Level.PTE) {
                levels.add(Level.PTE);   // a child's copies (fork copies PTEs only)
            }
            for (Level x : levels) {
                l.add(at++, Unmapper.zapLabel(x));
            }
            if (!levels.isEmpty() && d.mappingsHoldReferences()) {
                l.add(at++, "folios_put_refs");
            }
            l.add(at, "dax_disassociate_entry");
        }
        return l;
    }

    /** How many FS DAX faults of {@code sc} fault this fault's file at its offset, this one too. */
    private int faultsOfOffset(Scenario sc) {
        int n = 0;
        for (Program p : sc.programs()) {
            n += p instanceof Fault f && sameOffset(f) ? 1 : 0;
        }
        return n;
    }

    /** Whether {@code f} is an FS DAX fault of this fault's file at its offset. */
    private boolean sameOffset(Fault f) {
        return !f.deviceDax && f.file == file && f.folio == folio;
    }

    /** Whether scenario {@code sc} starts with this fault's block reflinked under {@code d}. */
    private boolean reflinks(Design d, Scenario sc) {
        return d.reflinksDax() && sc.reflinked().contains(folio);
    }

    @Override
    public String blockedReason(State s, Local l) {
        return switch (l.pc()) {
            case LOCK -> "filemap_invalidate_lock_shared waits: truncate holds the invalidate lock";
            case ENTRY -> "grab_mapping_entry waits: the DAX entry is locked";
            default -> "blocked";
        };
    }

    @Override
    void programSteps(Ctx c) {
        if (deviceDax) {
            deviceDaxSteps(c);
        } else if (c.me.has(Local.DAX_LOCK)) {
            Steps<State> out = c.out;
            c.out = new DaxUnlock(out, c.self);
            try {
                fsDaxSteps(c);
            } finally {
                c.out = out;
            }
        } else {
            fsDaxSteps(c);
        }
    }

    /**
     * Where the association's steps go under {@link Design#faultHoldsDaxLock}: a step that
     * leaves the association (for the hold, the insert, or the unlock of a refused one)
     * also drops {@code dax_read_lock}, the kernel's {@code dax_read_unlock} right after
     * {@code dax_insert_entry}.
     */
    private static final class DaxUnlock implements Steps<State> {
        private final Steps<State> out;
        private final int self;

        DaxUnlock(Steps<State> out, int self) {
            this.out = out;
            this.self = self;
        }

        @Override
        public void step(String label, State next) {
            out.step(label, unlocked(next));
        }

        /** A local step that drops the lock changes the kernel: it is a step like any other. */
        @Override
        public void localStep(String label, State next) {
            State n = unlocked(next);
            if (n == next) {
                out.localStep(label, n);
            } else {
                out.step(label, n);
            }
        }

        @Override
        public void violation(String label, State next, String property, String detail) {
            out.violation(label, unlocked(next), property, detail);
        }

        private State unlocked(State n) {
            Local l = n.thread(self);
            int at = phase(l);
            if (at == ASSOC || at == REASSOCIATE || at == UNMAP_SHARED || at == PUT_REFS || at == ASSOC_PLAIN
                    || at == ASSOC_SHARE || at == ACTIVATE) {
                return n;
            }
            Kernel k = n.kernel();
            return new State(k.withPgmap(k.pgmap().withReaders(k.pgmap().readers() - 1)), n.threads())
                    .with(self, l.clear(Local.DAX_LOCK));
        }
    }

    /** The FS DAX fault's steps. */
    private void fsDaxSteps(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        switch (me.pc()) {
            case LOCK -> {
                if (k.vmaGone()) {
                    c.go("filemap_invalidate_lock_shared", k, me.set(Local.FAILED).at(DONE));
                } else if (!k.invalExcl()) {
                    c.go("filemap_invalidate_lock_shared",
                            k.withInvalidateLock(k.invalShared() + 1, false), me.at(ENTRY));
                }
            }
            case ENTRY -> {
                DaxEntry e = k.entry(file, folio);
                if (e == null) {
                    c.go("grab_mapping_entry", k.withEntry(new DaxEntry(file, folio, Kernel.NONE, true)),
                            me.set(Local.ENTRY_LOCK).at(IOMAP));
                } else if (!e.locked()) {
                    c.go("grab_mapping_entry", k.withEntry(e.withLocked(true)), me.set(Local.ENTRY_LOCK).at(IOMAP));
                }
            }
            case IOMAP -> {
                boolean fits = level(c.d, k) != null;
                // iomap_begin on a filesystem the unbind shut down (XFS: -EIO; ext4 goes on to
                // dax_direct_access, which fails once kill_dax has run).
                boolean shutDown = c.d.filesystem().iomapRefusesShutDown() && c.fsShutDown();
                // File A is cut to size 0 by its truncate; file B owns no block here unless reflinked (a hole).
                boolean gone = file == Kernel.FILE_A ? k.truncated() : !k.owns(Kernel.FILE_B, folio);
                if (gone || !fits || shutDown) {
                    c.go(faultLabel(), k, me.set(Local.FAILED).at(UNLOCK_ENTRY));
                } else {
                    Local l2 = k.owner(folio) == Kernel.REFLINKED ? me.set(Local.SHARED_EXTENT) : me;
                    c.go(faultLabel(), k, l2.withFolio(folio).at(DIRECT));
                }
            }
            case DIRECT -> {
                if (!k.pgmap().alive()) {
                    c.go("dax_iomap_direct_access", k, me.set(Local.FAILED).at(UNLOCK_ENTRY));
                } else if (c.d.faultHoldsDaxLock()) {
                    c.go("dax_iomap_direct_access", k.withPgmap(k.pgmap().withReaders(k.pgmap().readers() + 1)),
                            me.set(Local.DAX_LOCK).at(ASSOC));
                } else {
                    c.go("dax_iomap_direct_access", k, me.at(ASSOC));
                }
            }
            case ASSOC, REASSOCIATE -> associate(c);
            case UNMAP_SHARED -> unmapShared(c);
            case PUT_REFS -> Unmapper.putRefs(c, UNMAP_SHARED);
            case ASSOC_PLAIN -> associatePlain(c);
            case ASSOC_SHARE -> associateShared(c);
            case ACTIVATE -> c.activate(folio, me.at(afterAssociate(c)));
            case HOLD -> hold(c);
            case INSERT -> insert(c, k, c.d.faultHoldsFolio() ? RELEASE : UNLOCK_ENTRY);
            case RELEASE -> c.put("folio_put", folio, 1, 0, me.withRefs(0), UNLOCK_ENTRY);
            case UNLOCK_ENTRY -> {
                DaxEntry e = k.entry(file, folio);
                Kernel k2 = e.folio() == Kernel.NONE ? k.withoutEntry(file, folio)
                        : k.withEntry(e.withLocked(false));
                c.go("dax_unlock_entry", k2, me.clear(Local.ENTRY_LOCK).at(file == Kernel.FILE_A ? UNLOCK : DONE));
            }
            case UNLOCK -> c.go("filemap_invalidate_unlock_shared",
                    k.withInvalidateLock(k.invalShared() - 1, false), me.at(DONE));
            default -> { }
        }
    }

    private void associate(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        DaxEntry e = k.entry(file, folio);
        if (e.folio() != Kernel.NONE && me.pc() == ASSOC) {
            if (me.has(Local.SHARED_EXTENT) && c.d.reassociatesSharedEntry()) {
                unmapShared(c);
            } else {
                c.go("dax_insert_entry", k, me.at(afterAssociate(c)));
            }
            return;
        }
        if (!c.d.hasPages()) {
            c.go("dax_insert_entry", k.withEntry(e.withFolio(folio)), me.at(INSERT));
            return;
        }
        if (c.d.activationRefused(k, folio)) {
            c.go("dax_insert_entry", k, me.set(Local.FAILED).at(UNLOCK_ENTRY));
            return;
        }
        if (me.has(Local.SHARED_EXTENT)) {
            Folio fo = k.folio(folio);
            boolean associated = fo.mapping() != Kernel.NONE || fo.shared();
            if (c.d.twoStepSharedAssociation()) {
                // The test; the update is a step of its own.
                c.go("dax_associate_entry", k, me.at(associated ? ASSOC_SHARE : ASSOC_PLAIN));
            } else {
                shareGet(c);
            }
            return;
        }
        associatePlain(c);
    }

    /**
     * Since 6.2 {@code dax_insert_entry} takes {@code IOMAP_F_SHARED} ({@code shared}) as it
     * took a CoW write before: {@code if (shared || ...)} it unmaps the offset from every
     * address space ({@code unmap_mapping_pages}) and, under {@code xa_lock}, disassociates
     * the entry it found and associates it again, even when the entry already named this
     * folio (a second fault of the offset: another address, another thread of the mm, or a
     * refault after a zap). This is the unmap, one present entry of the file at the offset a
     * step (in every mm that maps the file: a fork child's copies too, which cannot appear
     * meanwhile, since fork waits for mm A's faults in flight); when none is left, the
     * disassociation.
     */
    private void unmapShared(Ctx c) {
        Pte e = c.k.firstPteOfFile(file, folio);
        if (e != null) {
            Unmapper.zap(c, e, PUT_REFS, UNMAP_SHARED);
        } else {
            disassociate(c);
        }
    }

    /**
     * {@code dax_disassociate_entry(entry, mapping, false)} → {@code dax_folio_put}: the
     * share counted down, or the folio reset and a compound one split, whatever its
     * refcount: nothing waits here, and {@code trunc} (false) only ever gated a warning
     * (6.2 to 6.14: {@code WARN_ON_ONCE(trunc && page_ref_count(page) > 1)}; 6.15 ignores
     * it). The association follows as for an entry that named no folio ({@link #REASSOCIATE}).
     */
    private void disassociate(Ctx c) {
        Program.Disassociation put = c.daxFolioPut(c.k, folio);
        Local next = c.me.withFolio(folio).at(REASSOCIATE);
        if (put.property() != null) {
            c.bad("dax_disassociate_entry", put.k(), next, put.property(), put.detail());
        } else {
            c.go("dax_disassociate_entry", put.k(), next);
        }
    }

    /**
     * {@code dax_associate_entry}'s plain update: {@code WARN_ON_ONCE(folio->mapping)},
     * {@code dax_folio_init}, {@code folio->mapping = mapping}. After a test of its own
     * ({@link #ASSOC_PLAIN}) it finds what the other file did meanwhile.
     */
    private void associatePlain(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        DaxEntry e = k.entry(file, folio);
        Folio before = k.folio(folio);
        String label = me.pc() == ASSOC_PLAIN ? "dax_associate_entry" : "dax_insert_entry";
        boolean twoStep = c.d.twoStepActivation();
        Kernel k2 = c.d.associate(k, folio, file, folio).withEntry(e.withFolio(folio));
        Local next = me.at(twoStep ? ACTIVATE : afterAssociate(c));
        String uaf = c.touch(folio, "dax_associate_entry");
        String compound = c.d.associateViolation(k, folio);
        if (compound == null && me.pc() == ASSOC_PLAIN && (before.mapping() != Kernel.NONE || before.shared())) {
            compound = "dax_associate_entry: WARN_ON_ONCE(folio->mapping): its test found folio" + folio
                    + " unassociated, and since then " + (before.shared() ? "it was made shared"
                    : "file " + Kernel.fileName(before.mapping()) + "'s fault associated it")
                    + ", under an entry lock that does not exclude file " + Kernel.fileName(file) + "'s fault";
        }
        c.goTouching(label, k2, next, uaf, compound);
    }

    /**
     * {@code dax_associate_entry}'s shared update, after its test found the folio
     * associated: {@code dax_folio_make_shared} if it still has a mapping (mapping cleared,
     * share 1), {@code WARN_ON_ONCE(!folio->share)},
     * {@code WARN_ON_ONCE(dax_entry_order(entry) != folio_order(folio))}, {@code folio->share++}.
     * No {@code dax_folio_init}: the folio is taken as the other file left it.
     */
    private void associateShared(Ctx c) {
        Folio fo = c.k.folio(folio);
        int share = shareBefore(fo);
        Kernel k2 = shared(c.k);
        Local next = c.me.at(afterAssociate(c));
        String uaf = c.touch(folio, "dax_associate_entry");
        String problem = null;
        if (share == 0) {
            problem = "dax_associate_entry: WARN_ON_ONCE(!folio->share): folio" + folio
                    + "'s association was dropped after the test found it associated";
        } else if (fo.large() && !fo.compound()) {
            problem = "dax_associate_entry: WARN_ON_ONCE(dax_entry_order(entry) != folio_order(folio)): folio"
                    + folio + " was split after the test";
        }
        if (uaf != null) {
            c.bad("dax_associate_entry", k2, next, "memmap-lifetime", uaf);
        } else if (problem != null) {
            c.bad("dax_associate_entry", k2, next, "compound-at-zero", problem);
        } else {
            c.go("dax_associate_entry", k2, next);
        }
    }

    /**
     * 6.2 to 6.14: every association in a shared extent is {@code dax_page_share_get} (the
     * page marked {@code PAGE_MAPPING_DAX_SHARED}, its count set to 1 if it had a mapping,
     * then incremented), one step. One interleaving of its statements ends where neither
     * order does: the other file's last put of the share ({@code dax_disassociate_entry}'s
     * {@code dax_page_share_put}) between its test of the mark and its increment leaves the
     * page counted but not marked, which the model, writing the mark as no mapping and a
     * count ({@link Folio#shared}), cannot tell from marked. The increment itself, a read and
     * a write, could lose a count to a concurrent one in either era; the model does not split
     * it.
     */
    private void shareGet(Ctx c) {
        c.goTouching("dax_insert_entry", shared(c.k), c.me.at(afterAssociate(c)), c.touch(folio, "dax_associate_entry"));
    }

    /** The share count once a folio with a mapping is made shared (1), else its count. */
    private static int shareBefore(Folio fo) {
        return fo.mapping() != Kernel.NONE ? 1 : fo.share();
    }

    /** {@code k} with the folio shared by one more entry, this fault's, which now names it. */
    private Kernel shared(Kernel k) {
        Folio fo = k.folio(folio);
        return k.withFolio(folio, fo.withShare(shareBefore(fo) + 1)).withEntry(k.entry(file, folio).withFolio(folio));
    }

    /** The address this fault maps, in mm A (mm B for file B's fault). */
    int slot() {
        return slot;
    }

    /**
     * The levels file A's faults of {@code sc} can map mm A at under {@code d}
     * ({@link #mapsAt}): at address {@code slot}, or at any with {@link Kernel#NONE}.
     */
    static java.util.Set<Level> mmALevels(Design d, Scenario sc, int slot) {
        return levels(d, sc, f -> !f.onFileB() && (slot == Kernel.NONE || f.slot == slot));
    }

    /**
     * The levels at which the faults of {@code sc} that {@code which} picks can map under
     * {@code d} ({@link #mapsAt}).
     */
    private static java.util.Set<Level> levels(Design d, Scenario sc, java.util.function.Predicate<Fault> which) {
        java.util.Set<Level> at = java.util.EnumSet.noneOf(Level.class);
        for (Program p : sc.programs()) {
            Level l = p instanceof Fault f && which.test(f) ? f.mapsAt(d, sc) : null;
            if (l != null) {
                at.add(l);
            }
        }
        return at;
    }

    /**
     * The level this fault can map its slot at in scenario {@code sc} under {@code d}, or null
     * if it never maps: {@link #level} before any state, for the coverage report.
     */
    Level mapsAt(Design d, Scenario sc) {
        Level order = sc.folios().get(folio);
        Level at = d.faultLevel(order, size, deviceDax);
        return ptePartOfPmdBlock(at, order) ? Level.PTE : at;
    }

    /** A PTE fault on a PMD block, which maps one page of the PMD folio if an entry names the block ({@link #level}). */
    private boolean ptePartOfPmdBlock(Level at, Level order) {
        return at == null && !deviceDax && size == Level.PTE && order == Level.PMD;
    }

    /**
     * The level this fault maps the folio at, or null (SIGBUS). A PTE fault that finds a
     * PMD entry naming a block ({@code grab_mapping_entry} with order 0 downgrades only an
     * empty or zero PMD entry; it locks and keeps any other) maps one page of the PMD folio
     * with a PTE: {@code dax_fault_iter} takes the folio from the entry and
     * {@code vmf_insert_page_mkwrite} maps the page, adding a PTE mapping to the large folio.
     * Without that entry the kernel would make a 4 KiB entry and an order-0 folio inside the
     * PMD block; the model's folio orders are fixed per block, so that fault fails instead.
     */
    private Level level(Design d, Kernel k) {
        Level order = k.folio(folio).order();
        Level at = d.faultLevel(order, size, deviceDax);
        if (ptePartOfPmdBlock(at, order)) {
            DaxEntry e = k.entry(file, folio);
            return e != null && e.folio() != Kernel.NONE ? Level.PTE : null;
        }
        return at;
    }

    /** Where the fault goes once the folio is associated: hold it first, or insert. */
    private static int afterAssociate(Ctx c) {
        return c.d.faultHoldsFolio() ? HOLD : INSERT;
    }

    /** {@code dax_fault_iter}: {@code folio_ref_inc}, a reference of the fault's own (0 → 1 on an idle folio). */
    private void hold(Ctx c) {
        Kernel k2 = c.k.withFolioRef(folio);
        Local next = c.me.withRefs(1).at(INSERT);
        String uaf = c.touch(folio, "folio_ref_inc");
        c.goTouching("folio_ref_inc", k2, next, uaf);
    }

    /** The insert at {@link #level} into {@code k} (the state's kernel, or it after the step's other changes). */
    private void insert(Ctx c, Kernel k, int next) {
        Local me = c.me;
        Level at = level(c.d, k);
        String label = c.d.insertLabel(at);
        if (k.pte(mm(), slot) != null) {
            c.go(label, k, me.at(next));
            return;
        }
        Kernel k2 = c.d.insert(k, mm(), slot, at, folio);
        c.goTouching(label, k2, me.set(Local.MAPPED).at(next), c.touch(folio, label));
    }

    /**
     * {@code dev_dax_huge_fault}: under {@code dax_read_lock}, check the device is alive
     * ({@code __check_vma}: {@code dax_alive}), pick the level, set the mapping, insert, and
     * {@code dax_read_unlock}. The read lock is held from the check to after the insert, so
     * an unbind's {@code synchronize_srcu} waits for a fault that found the device alive,
     * and {@code kill_dev_dax}'s unmap comes after its insert. The unlock is part of the
     * insert's step: between the two nothing the other threads do matters.
     */
    private void deviceDaxSteps(Ctx c) {
        Kernel k = c.k;
        Local me = c.me;
        switch (me.pc()) {
            case LOCK -> {
                Level at = c.d.faultLevel(k.folio(folio).order(), size, true);
                if (at == null || !k.pgmap().alive()) {
                    c.go(faultLabel(), k, me.set(Local.FAILED).at(DONE));
                } else {
                    // dax_set_mapping: device-dax folios are compound from memremap_pages on.
                    Folio fo = k.folio(folio).withCompound(k.folio(folio).large()).withMapping(Kernel.FILE_A, folio);
                    Kernel k2 = k.withFolio(folio, fo).withPgmap(k.pgmap().withReaders(k.pgmap().readers() + 1));
                    c.go(faultLabel(), k2, me.withFolio(folio).at(INSERT));
                }
            }
            case INSERT -> insert(c, k.withPgmap(k.pgmap().withReaders(k.pgmap().readers() - 1)), DONE);
            default -> { }
        }
    }
}
