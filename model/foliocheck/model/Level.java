package foliocheck.model;

/** Page-table level of an entry, and the folio order it maps whole. */
public enum Level {
    /** A 4 KiB page-table entry. */
    PTE("pte"),
    /** A 2 MiB entry in the page middle directory. */
    PMD("pmd"),
    /** A 1 GiB entry in the page upper directory (device-dax only). */
    PUD("pud");

    private final String word;

    Level(String word) {
        this.word = word;
    }

    /** The lower-case kernel word: pte, pmd, pud. */
    public String word() {
        return word;
    }
}
