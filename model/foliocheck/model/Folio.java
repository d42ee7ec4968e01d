package foliocheck.model;

import java.util.Objects;

/**
 * A {@code struct folio} of ZONE_DEVICE memory (include/linux/mm_types.h). Folio {@code i}
 * is the memory of pmem block {@code i}.
 *
 * @param order     the folio's size: {@link Level#PTE} for order 0, PMD or PUD order
 * @param refcount  {@code _refcount}
 * @param mapcount  mappings: {@code _mapcount + 1} for a small folio, {@code _large_mapcount} for a large one
 * @param entire    {@code _entire_mapcount}: PMD or PUD mappings of the whole folio
 * @param pincount  {@code _pincount} (large folios only; small folios count pins in refcount)
 * @param compound  whether {@code dax_folio_init} has built the compound folio
 * @param mapping   owning file ({@link Kernel#FILE_A}, {@link Kernel#FILE_B}) or {@link Kernel#NONE}
 * @param index     file offset of the folio in {@code mapping}; with no mapping, {@code share}: the
 *                  number of files' DAX entries that associate a folio of a reflinked block
 *                  ({@code folio->share} shares {@code folio->index}'s word, as in the kernel)
 */
public record Folio(Level order, int refcount, int mapcount, int entire, int pincount,
                    boolean compound, int mapping, int index) {

    /** Pin bias added to {@code _refcount} by a FOLL_PIN of a small folio. */
    public static final int GUP_PIN_COUNTING_BIAS = 1024;

    /** A folio of the given order at the given idle refcount, not associated with a file. */
    public static Folio idle(Level order, int idle) {
        return new Folio(order, idle, 0, 0, 0, false, Kernel.NONE, 0);
    }

    /** Whether this is a large (PMD or PUD order) folio. */
    public boolean large() {
        return order != Level.PTE;
    }

    public Folio withRefcount(int r) {
        return new Folio(order, r, mapcount, entire, pincount, compound, mapping, index);
    }

    public Folio withMapcount(int m, int e) {
        return new Folio(order, refcount, m, e, pincount, compound, mapping, index);
    }

    public Folio withPincount(int p) {
        return new Folio(order, refcount, mapcount, entire, p, compound, mapping, index);
    }

    public Folio withCompound(boolean c) {
        return new Folio(order, refcount, mapcount, entire, pincount, c, mapping, index);
    }

    public Folio withMapping(int file, int idx) {
        return new Folio(order, refcount, mapcount, entire, pincount, compound, file, idx);
    }

    /**
     * {@code dax_folio_is_shared}: no mapping and a share count ({@code !folio->mapping &&
     * folio->share}); before 6.15, {@code page->mapping == PAGE_MAPPING_DAX_SHARED} with the
     * count in {@code page->share}, which the model writes the same way (so a page counted but
     * not marked, see {@link Fault}, reads as shared here).
     */
    public boolean shared() {
        return mapping == Kernel.NONE && index > 0;
    }

    /** {@code folio->share}: the files' entries associating a shared folio; 0 when not {@link #shared}. */
    public int share() {
        return shared() ? index : 0;
    }

    /** This folio shared by {@code n} entries ({@link #shared}), or associated with none when {@code n} is 0. */
    public Folio withShare(int n) {
        return withMapping(Kernel.NONE, n);
    }

    /** {@code folio_maybe_dma_pinned()}: exact for large folios, a bias test for small ones. */
    public boolean maybeDmaPinned() {
        return large() ? pincount > 0 : refcount >= GUP_PIN_COUNTING_BIAS;
    }

    // Hand-written, not generated: JPF silently stops a thread in generated record methods (docs/jpf.md).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Folio r && order == r.order && refcount == r.refcount
                && mapcount == r.mapcount && entire == r.entire && pincount == r.pincount
                && compound == r.compound && mapping == r.mapping && index == r.index;
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(order);
        h = 31 * h + refcount;
        h = 31 * h + mapcount;
        h = 31 * h + entire;
        h = 31 * h + pincount;
        h = 31 * h + (compound ? 1231 : 1237);
        h = 31 * h + mapping;
        h = 31 * h + index;
        return h;
    }

    @Override
    public String toString() {
        return "Folio[order=" + order + ", refcount=" + refcount + ", mapcount=" + mapcount
                + ", entire=" + entire + ", pincount=" + pincount + ", compound=" + compound
                + ", mapping=" + mapping + ", index=" + index + "]";
    }
}
