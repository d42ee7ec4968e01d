package foliocheck.model;

import java.util.List;
import java.util.Objects;

/**
 * Which threads run, over which folios, and which witnesses must be reached.
 *
 * @param name      stable name used on the command line
 * @param doc       one line saying what the scenario exercises
 * @param programs  one program per thread, in thread order
 * @param folios    the order of each folio (folio i is block i of file A at offset i)
 * @param witnesses names of the {@code sometimes} witnesses (see foliocheck.properties.Witnesses)
 * @param reflinks  blocks file A shares with file B from the start though no fault of file B
 *                  reads them ({@link #reflinking}); see {@link #reflinked}
 */
public record Scenario(String name, String doc, List<Program> programs, List<Level> folios,
                       List<String> witnesses, List<Integer> reflinks) {

    public Scenario {
        reflinks = reflinks == null ? List.of() : List.copyOf(reflinks);
    }

    /** A scenario whose only shared blocks are those its faults of file B read. */
    public Scenario(String name, String doc, List<Program> programs, List<Level> folios, List<String> witnesses) {
        this(name, doc, programs, folios, witnesses, List.of());
    }

    /**
     * This scenario with blocks {@code blocks} also shared with file B from the start (a
     * {@code cp --reflink} long done, file B not mapped by anyone): a fault of file A then
     * finds a shared extent with no fault of file B in the scenario.
     */
    public Scenario reflinking(Integer... blocks) {
        List<Integer> l = new java.util.ArrayList<>(reflinks);
        l.addAll(List.of(blocks));
        return new Scenario(name, doc, programs, folios, witnesses, l);
    }

    /**
     * Whether the device is a device-dax instance, its pages {@code MEMORY_DEVICE_GENERIC}
     * ({@link Pgmap#generic}): some thread is written for one ({@link Program#device}).
     */
    public boolean deviceDax() {
        return has(Program.Device.DEVICE_DAX);
    }

    /**
     * Whether threads written for a device-dax instance and for pmem under a filesystem are
     * mixed: a scenario has one device, so such a scenario means nothing.
     */
    public boolean mixesDevices() {
        return has(Program.Device.DEVICE_DAX) && has(Program.Device.FS_DAX);
    }

    /**
     * The blocks files A and B share, a reflink made before the scenario starts: those a fault
     * of file B reads ({@link Fault#ofFileB}), in thread order, then the others of
     * {@link #reflinks}.
     */
    public List<Integer> reflinked() {
        List<Integer> l = new java.util.ArrayList<>();
        for (int i = 0; i < programs.size(); i++) {
            if (programs.get(i) instanceof Fault f && f.onFileB() && !l.contains(f.folio())) {
                l.add(f.folio());
            }
        }
        for (int b : reflinks) {
            if (!l.contains(b)) {
                l.add(b);
            }
        }
        return l;
    }

    /**
     * Why the model cannot run this scenario as written, or null: the first of
     * {@link #mixesDevices}, {@link #forksTwice}, {@link #threadProblem},
     * {@link #fileBConflict} and {@link #reflinkProblem}, as the words that follow the
     * scenario's name. Checked before anything else asks the scenario's threads a question.
     */
    public String problem() {
        if (mixesDevices()) {
            return "mixes device-dax threads (a device-dax Fault or PgmapKill.deviceDaxUnbind) with FS DAX ones"
                    + " (an FS DAX Fault, Truncate, Fork, Reallocate or PgmapKill)";
        }
        if (forksTwice()) {
            return "has more than one Fork thread (the model has one child address space, mm C)";
        }
        String why = threadProblem();
        if (why == null) {
            why = fileBConflict();
        }
        return why != null ? why : reflinkProblem();
    }

    /**
     * Why the scenario's threads cannot run as written, or null: a missing thread, a thread
     * without a name or with another's (traces tell threads apart by name), a fault without
     * a size, of a block the scenario lacks or larger than its block, an FS DAX PUD fault,
     * or a negative address.
     */
    public String threadProblem() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Program p : programs) {
            if (p == null) {
                return "has a null thread";
            }
            String n = p.name();
            if (n == null || n.trim().isEmpty()) {   // not isBlank: JPF's String has none
                return "has a " + p.getClass().getSimpleName() + " thread without a name";
            }
            if (!names.add(n)) {
                return "has two threads named '" + n + "' (traces tell threads apart by name)";
            }
        }
        for (Program p : programs) {
            if (p instanceof Fault f) {
                if (f.size() == null) {
                    return "has a fault (" + f.name() + ") without a size (Level.PTE, PMD or PUD)";
                }
                if (f.folio() < 0 || f.folio() >= folios.size()) {
                    return "has a fault (" + f.name() + ") of block " + f.folio() + ", but its blocks are 0 to "
                            + (folios.size() - 1);
                }
                if (f.size() == Level.PUD && f.device() == Program.Device.FS_DAX) {
                    return "has an FS DAX PUD fault (" + f.name() + "): dax_iomap_fault falls back from PUD faults,"
                            + " so FS DAX maps PTEs and PMDs; a PUD fault is device-dax's (deviceDax true)";
                }
                if (f.size().compareTo(folios.get(f.folio())) > 0) {
                    return "has a " + f.size() + " fault (" + f.name() + ") of block " + f.folio() + ", a "
                            + folios.get(f.folio()) + " folio: the kernel falls back to a smaller fault there, which"
                            + " the model does not (a fault is at most its block's size)";
                }
            }
            int slot = p instanceof Fault f ? f.slot() : p instanceof Pin q ? q.slot() : p instanceof Fork k ? k.slot() : 0;
            if (slot < 0) {
                return "has " + p.name() + " at address " + slot + " (addresses are slots 0 and up)";
            }
        }
        return null;
    }

    /**
     * Why this scenario's reflinks mean nothing the model can run, or null: a block
     * ({@link #reflinks}) it does not have, or a PTE fault of a shared PMD block that a PMD
     * fault of the same file can set the entry of. In a shared extent a fault that finds the
     * entry set disassociates it and associates its own ({@code dax_insert_entry}): the
     * kernel would put a PTE entry and an order-0 folio in the PMD's place, and the model's
     * entries and folio orders are fixed per block. (Without that PMD fault the PTE fault
     * finds no entry naming the block and fails, as it does on a block shared with no one.)
     */
    public String reflinkProblem() {
        for (int b : reflinks) {
            if (b < 0 || b >= folios.size()) {
                return "reflinks block " + b + ", but its blocks are 0 to " + (folios.size() - 1);
            }
        }
        List<Integer> shared = reflinked();
        for (Program p : programs) {
            if (p instanceof Fault f && f.size() == Level.PTE && shared.contains(f.folio())
                    && f.folio() < folios.size() && folios.get(f.folio()) == Level.PMD) {
                for (Program q : programs) {
                    if (q instanceof Fault g && g.onFileB() == f.onFileB() && g.folio() == f.folio()
                            && g.size() == Level.PMD) {
                        return "has a PTE fault (" + f.name() + ") and a PMD fault (" + g.name() + ") of a PMD block"
                                + " files A and B share: the kernel would replace the PMD entry with a PTE one, which"
                                + " the model does not have";
                    }
                }
            }
        }
        return null;
    }

    /**
     * Why file B means two things at once here, or null: it shares a block with file A
     * ({@link #reflinked}) and also allocates one ({@link Reallocate}), or the scenario names
     * a witness of file A's freed block going to file B, which a shared block passing to file
     * B at file A's truncate would fake.
     */
    public String fileBConflict() {
        if (reflinked().isEmpty()) {
            return null;
        }
        if (count(Reallocate.class) > 0) {
            return "has both a fault of a block file B shares with file A (Fault.ofFileB) and file B's allocator"
                    + " (Reallocate): the model's file B is one or the other";
        }
        for (String w : List.of("block-freed", "block-reused")) {
            if (witnesses.contains(w)) {
                return "names witness '" + w + "' and a block file B shares with file A (Fault.ofFileB): the shared"
                        + " block passing to file B would reach it; 'unshared' is that witness";
            }
        }
        return null;
    }

    /** Whether more than one thread forks: the model has one child address space, mm C. */
    public boolean forksTwice() {
        return count(Fork.class) > 1;
    }

    /** How many threads run a program of type {@code type}. */
    public int count(Class<? extends Program> type) {
        int n = 0;
        for (int i = 0; i < programs.size(); i++) {
            n += type.isInstance(programs.get(i)) ? 1 : 0;
        }
        return n;
    }

    private boolean has(Program.Device d) {
        for (int i = 0; i < programs.size(); i++) {
            if (programs.get(i).device() == d) {
                return true;
            }
        }
        return false;
    }

    // Hand-written, not generated: JPF silently stops a thread in generated record methods (docs/jpf.md).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Scenario r && Objects.equals(name, r.name)
                && Objects.equals(doc, r.doc) && Objects.equals(programs, r.programs)
                && Objects.equals(folios, r.folios) && Objects.equals(witnesses, r.witnesses)
                && Objects.equals(reflinks, r.reflinks);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(name);
        h = 31 * h + Objects.hashCode(doc);
        h = 31 * h + Objects.hashCode(programs);
        h = 31 * h + Objects.hashCode(folios);
        h = 31 * h + Objects.hashCode(witnesses);
        h = 31 * h + Objects.hashCode(reflinks);
        return h;
    }

    @Override
    public String toString() {
        return "Scenario[name=" + name + ", doc=" + doc + ", programs=" + programs + ", folios=" + folios
                + ", witnesses=" + witnesses + ", reflinks=" + reflinks + "]";
    }
}
