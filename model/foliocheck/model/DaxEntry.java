package foliocheck.model;

/**
 * A DAX mapping entry in a file's page cache XArray (fs/dax.c): the pfn (here, the folio)
 * backing one file offset, and the entry's lock bit ({@code DAX_LOCKED}).
 *
 * @param file   {@link Kernel#FILE_A} or {@link Kernel#FILE_B}
 * @param offset the file offset (page index)
 * @param folio  the folio, or {@link Kernel#NONE} for an empty (locked placeholder) entry
 * @param locked whether {@code DAX_LOCKED} is set
 */
public record DaxEntry(int file, int offset, int folio, boolean locked) {

    public DaxEntry withFolio(int f) {
        return new DaxEntry(file, offset, f, locked);
    }

    public DaxEntry withLocked(boolean l) {
        return new DaxEntry(file, offset, folio, l);
    }

    // Hand-written, not generated: JPF silently stops a thread in generated record methods (docs/jpf.md).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof DaxEntry r && file == r.file && offset == r.offset
                && folio == r.folio && locked == r.locked;
    }

    @Override
    public int hashCode() {
        int h = file;
        h = 31 * h + offset;
        h = 31 * h + folio;
        h = 31 * h + (locked ? 1231 : 1237);
        return h;
    }

    @Override
    public String toString() {
        return "DaxEntry[file=" + file + ", offset=" + offset + ", folio=" + folio
                + ", locked=" + locked + "]";
    }
}
