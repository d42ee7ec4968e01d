package foliocheck.model;

import java.util.List;
import java.util.Objects;

/**
 * The shared kernel state of one scenario: folios, the pgmap, page tables, DAX entries,
 * pmem blocks and file A's invalidate lock. Immutable; every {@code with...} returns a copy.
 *
 * @param folios       folio {@code i} is the memory of block {@code i}
 * @param pgmap        the dev_pagemap and dax device
 * @param ptes         present page-table entries, ordered by mm, slot and level
 * @param entries      DAX entries, ordered by file and offset
 * @param blocks       owner of each block: {@link #FILE_A}, {@link #FILE_B}, both ({@link #REFLINKED}) or {@link #FREE}
 * @param invalShared  holders of file A's invalidate lock in shared mode (faults)
 * @param invalExcl    whether it is held exclusive (truncate)
 * @param truncated    whether file A's size has been cut to zero
 * @param vmaGone      whether mm A's VMA of file A has been unmapped ({@code munmap})
 */
public record Kernel(List<Folio> folios, Pgmap pgmap, List<Pte> ptes, List<DaxEntry> entries,
                     List<Integer> blocks, int invalShared, boolean invalExcl, boolean truncated,
                     boolean vmaGone) {

    /** No file / no folio. */
    public static final int NONE = -1;
    /** The file that is faulted, pinned and truncated. */
    public static final int FILE_A = 0;
    /**
     * A second file: given file A's freed blocks by its allocator ({@link Reallocate}), or
     * sharing a block with file A from the start ({@link #REFLINKED}, {@link Fault#ofFileB}).
     */
    public static final int FILE_B = 1;
    /** Owner value of a block on the free list. */
    public static final int FREE = -1;
    /**
     * Owner value of a block files A and B share at the same offset: a reflink ({@code FICLONE},
     * {@code cp --reflink}) made before the scenario starts, counted twice in XFS's refcount btree.
     */
    public static final int REFLINKED = 2;
    /** The address space mapping file A. */
    public static final int MM_A = 0;
    /** The address space mapping file B. */
    public static final int MM_B = 1;
    /** A child of mm A ({@link Fork}): it maps file A too, its VMA after mm A's in the file's {@code i_mmap}. */
    public static final int MM_C = 2;

    /** "A" or "B", for file {@code file} in traces and details. */
    public static String fileName(int file) {
        return file == FILE_A ? "A" : file == FILE_B ? "B" : "none";
    }

    /** The file an entry of address space {@code mm} maps: file B in mm B, file A in mm A and its child. */
    public static int fileOf(int mm) {
        return mm == MM_B ? FILE_B : FILE_A;
    }

    public Folio folio(int i) {
        return folios.get(i);
    }

    public Kernel withFolio(int i, Folio f) {
        return new Kernel(set(folios, i, f), pgmap, ptes, entries, blocks, invalShared, invalExcl, truncated, vmaGone);
    }

    /** Folio {@code i} with one more reference: a plain {@code folio_get} / {@code folio_ref_inc}. */
    public Kernel withFolioRef(int i) {
        Folio f = folio(i);
        return withFolio(i, f.withRefcount(f.refcount() + 1));
    }

    public Kernel withPgmap(Pgmap p) {
        return new Kernel(folios, p, ptes, entries, blocks, invalShared, invalExcl, truncated, vmaGone);
    }

    public Kernel withInvalidateLock(int shared, boolean excl) {
        return new Kernel(folios, pgmap, ptes, entries, blocks, shared, excl, truncated, vmaGone);
    }

    public Kernel withTruncated(boolean t) {
        return new Kernel(folios, pgmap, ptes, entries, blocks, invalShared, invalExcl, t, vmaGone);
    }

    public Kernel withVmaGone(boolean g) {
        return new Kernel(folios, pgmap, ptes, entries, blocks, invalShared, invalExcl, truncated, g);
    }

    public int owner(int block) {
        return blocks.get(block);
    }

    /** Whether {@code file} owns {@code block}, alone or with the other file ({@link #REFLINKED}). */
    public boolean owns(int file, int block) {
        int o = blocks.get(block);
        return o == file || o == REFLINKED && file != NONE;
    }

    public Kernel withOwner(int block, int owner) {
        return new Kernel(folios, pgmap, ptes, entries, set(blocks, block, owner), invalShared, invalExcl, truncated, vmaGone);
    }

    /** The present entry at {@code (mm, slot)}, or null. */
    public Pte pte(int mm, int slot) {
        for (int i = 0; i < ptes.size(); i++) {
            Pte p = ptes.get(i);
            if (p.mm() == mm && p.slot() == slot) {
                return p;
            }
        }
        return null;
    }

    /** Adds a present entry, keeping the order. */
    public Kernel withPte(Pte e) {
        int at = 0;
        while (at < ptes.size() && (ptes.get(at).mm() < e.mm()
                || ptes.get(at).mm() == e.mm() && ptes.get(at).slot() <= e.slot())) {
            at++;
        }
        return new Kernel(folios, pgmap, FixedList.inserting(ptes, at, e), entries, blocks, invalShared, invalExcl,
                truncated, vmaGone);
    }

    /** Clears the entry at {@code (mm, slot)}. */
    public Kernel withoutPte(int mm, int slot) {
        List<Pte> l = ptes;
        for (int i = l.size() - 1; i >= 0; i--) {
            if (l.get(i).mm() == mm && l.get(i).slot() == slot) {
                l = FixedList.removing(l, i);
            }
        }
        return l == ptes ? this : new Kernel(folios, pgmap, l, entries, blocks, invalShared, invalExcl, truncated,
                vmaGone);
    }

    /** The first entry of any mm, or null. */
    public Pte firstPte() {
        return ptes.isEmpty() ? null : ptes.get(0);
    }

    /** The first entry of {@code mm}, or null. */
    public Pte firstPte(int mm) {
        for (int i = 0; i < ptes.size(); i++) {
            if (ptes.get(i).mm() == mm) {
                return ptes.get(i);
            }
        }
        return null;
    }

    /**
     * The first entry of any mm that maps {@code file} ({@link Pte#file}), at folio
     * {@code folio} unless that is {@link #NONE}, or null.
     */
    public Pte firstPteOfFile(int file, int folio) {
        for (int i = 0; i < ptes.size(); i++) {
            if (ptes.get(i).file() == file && (folio == NONE || ptes.get(i).folio() == folio)) {
                return ptes.get(i);
            }
        }
        return null;
    }

    /** The DAX entry of {@code (file, offset)}, or null. */
    public DaxEntry entry(int file, int offset) {
        for (int i = 0; i < entries.size(); i++) {
            DaxEntry e = entries.get(i);
            if (e.file() == file && e.offset() == offset) {
                return e;
            }
        }
        return null;
    }

    /** Adds or replaces the DAX entry of {@code (e.file, e.offset)}, keeping the order. */
    public Kernel withEntry(DaxEntry e) {
        int at = 0;
        while (at < entries.size() && (entries.get(at).file() < e.file()
                || entries.get(at).file() == e.file() && entries.get(at).offset() < e.offset())) {
            at++;
        }
        boolean replaces = at < entries.size() && entries.get(at).file() == e.file()
                && entries.get(at).offset() == e.offset();
        return new Kernel(folios, pgmap, ptes, replaces ? FixedList.with(entries, at, e)
                : FixedList.inserting(entries, at, e), blocks, invalShared, invalExcl, truncated, vmaGone);
    }

    /** Removes the DAX entry of {@code (file, offset)}. */
    public Kernel withoutEntry(int file, int offset) {
        List<DaxEntry> l = entries;
        for (int i = l.size() - 1; i >= 0; i--) {
            if (l.get(i).file() == file && l.get(i).offset() == offset) {
                l = FixedList.removing(l, i);
            }
        }
        return l == entries ? this : new Kernel(folios, pgmap, ptes, l, blocks, invalShared, invalExcl, truncated,
                vmaGone);
    }

    static <T> List<T> set(List<T> l, int i, T v) {
        return FixedList.with(l, i, v);
    }

    // Hand-written, not generated: JPF silently stops a thread in generated record methods (docs/jpf.md).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Kernel r && Objects.equals(folios, r.folios)
                && Objects.equals(pgmap, r.pgmap) && Objects.equals(ptes, r.ptes)
                && Objects.equals(entries, r.entries) && Objects.equals(blocks, r.blocks)
                && invalShared == r.invalShared && invalExcl == r.invalExcl && truncated == r.truncated
                && vmaGone == r.vmaGone;
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(folios);
        h = 31 * h + Objects.hashCode(pgmap);
        h = 31 * h + Objects.hashCode(ptes);
        h = 31 * h + Objects.hashCode(entries);
        h = 31 * h + Objects.hashCode(blocks);
        h = 31 * h + invalShared;
        h = 31 * h + (invalExcl ? 1231 : 1237);
        h = 31 * h + (truncated ? 1231 : 1237);
        h = 31 * h + (vmaGone ? 1231 : 1237);
        return h;
    }

    @Override
    public String toString() {
        return "Kernel[folios=" + folios + ", pgmap=" + pgmap + ", ptes=" + ptes + ", entries=" + entries
                + ", blocks=" + blocks + ", invalShared=" + invalShared + ", invalExcl=" + invalExcl
                + ", truncated=" + truncated + ", vmaGone=" + vmaGone + "]";
    }
}
