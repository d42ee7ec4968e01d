package foliocheck.model;

import java.util.Objects;

/**
 * A present page-table entry (a PTE, PMD or PUD leaf) mapping a folio. Absent entries are
 * not stored.
 *
 * @param mm       the address space: {@link Kernel#MM_A} and its child {@link Kernel#MM_C} map
 *                 file A, {@link Kernel#MM_B} file B
 * @param slot     which virtual address in that mm
 * @param level    PTE, PMD or PUD
 * @param folio    the folio mapped
 * @param special  {@code pte_special}/{@code pmd_special}: no struct page as far as the VM is concerned
 * @param devmap   {@code pte_devmap} (before 6.15): {@code vm_normal_page} returns NULL
 * @param refd     ghost: whether the insert took a folio reference and mapcount for this entry
 */
public record Pte(int mm, int slot, Level level, int folio, boolean special, boolean devmap,
                  boolean refd) {

    /** A normal entry: neither special nor devmap. */
    public boolean normal() {
        return !special && !devmap;
    }

    /** The file this entry maps ({@link Kernel#fileOf}). */
    public int file() {
        return Kernel.fileOf(mm);
    }

    /** The text form used in traces, e.g. {@code pmd[A:0]}. */
    public String where() {
        return level.word() + "[" + "ABC".charAt(mm) + ":" + slot + "]";
    }

    // Hand-written, not generated: JPF silently stops a thread in generated record methods (docs/jpf.md).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Pte r && mm == r.mm && slot == r.slot && level == r.level
                && folio == r.folio && special == r.special && devmap == r.devmap && refd == r.refd;
    }

    @Override
    public int hashCode() {
        int h = mm;
        h = 31 * h + slot;
        h = 31 * h + Objects.hashCode(level);
        h = 31 * h + folio;
        h = 31 * h + (special ? 1231 : 1237);
        h = 31 * h + (devmap ? 1231 : 1237);
        h = 31 * h + (refd ? 1231 : 1237);
        return h;
    }

    @Override
    public String toString() {
        return "Pte[mm=" + mm + ", slot=" + slot + ", level=" + level + ", folio=" + folio
                + ", special=" + special + ", devmap=" + devmap + ", refd=" + refd + "]";
    }
}
