package foliocheck.render;

import foliocheck.render.TraceReport.Row;

import java.util.List;

/** Hand-built reports shaped like the model's traces; the renderers never see the model. */
final class Samples {

    private Samples() {
    }

    /** Pre-busy-wait truncate frees the block under a GUP pin: 3 threads, last step marked. */
    static TraceReport pinTruncate() {
        return new TraceReport("pin-truncate", "pre-busy-wait", TraceReport.VIOLATION, "no-free-while-busy",
                "a filesystem block is never freed while a page of it is pinned for DMA",
                "block0 is free while folio0.refcount = 1024 (pinned: ≥ GUP_PIN_COUNTING_BIAS)",
                List.of("fault", "gup", "truncate"),
                List.of("folio0: refcount 0, mapcount 0, pgmap live",
                        "pte: none", "dax entry: empty", "block0: fileA"),
                List.of(
                        new Row(0, "dax_iomap_pte_fault", 0, List.of("pte: none→folio0", "folio0.refcount 0→1",
                                "folio0.mapcount 0→1", "dax entry: empty→folio0"), false),
                        new Row(1, "pin_user_pages_fast", 1, List.of("folio0.refcount 1→1025"), false),
                        new Row(2, "dax_layout_busy_page_range", 2, List.of("pte: folio0→none",
                                "folio0.mapcount 1→0", "folio0.refcount 1025→1024"), false),
                        new Row(2, "dax_delete_mapping_entry", 0, List.of("dax entry: folio0→empty"), false),
                        new Row(2, "xfs_free_file_space", 0, List.of("block0: fileA→free"), true)),
                "./foliocheck check pin-truncate --design pre-busy-wait --property no-free-while-busy");
    }

    /** Mainline truncate waits for the pin to drop: a witness, threads switching back and forth. */
    static TraceReport truncateWaits() {
        return new TraceReport("pin-truncate", "mainline", TraceReport.WITNESS, "truncate-waited",
                "truncate slept in ___wait_var_event until the folio became idle",
                "truncate woke with folio0.refcount = 0",
                List.of("fault", "gup", "truncate"),
                List.of("folio0: refcount 0, mapcount 0, pgmap live", "pte: none", "block0: fileA"),
                List.of(
                        new Row(0, "dax_iomap_pte_fault", 0, List.of("pte: none→folio0", "folio0.refcount 0→1",
                                "folio0.mapcount 0→1"), false),
                        new Row(1, "pin_user_pages_fast", 1, List.of("folio0.refcount 1→1025"), false),
                        new Row(2, "dax_layout_busy_page_range", 2, List.of("pte: folio0→none",
                                "folio0.mapcount 1→0", "folio0.refcount 1025→1024"), false),
                        new Row(2, "___wait_var_event", 0, List.of("truncate: running→sleeping"), false),
                        new Row(1, "unpin_user_page", 0, List.of("folio0.refcount 1024→0",
                                "truncate: sleeping→woken"), false),
                        new Row(2, "___wait_var_event", 0, List.of("truncate: woken→running"), true)),
                "./foliocheck check pin-truncate --design mainline --property truncate-waited");
    }

    /** Six threads with the longest names and labels the model uses, and long lists of changes. */
    static TraceReport sixThreads() {
        List<String> threads = List.of("pmd-fault", "pte-fault", "gup-fast", "gup-slow", "truncate12ch",
                "pgmap-kill");
        String bigChange = "pgmap0: live→dying, pgmap0.ref percpu→atomic, folio0.pgmap_ref 1→0";
        return new TraceReport("kill-vs-everything", "request-offset", TraceReport.VIOLATION,
                "no-memmap-use-after-kill",
                "no thread touches a folio's struct page after memunmap_pages() returned for its pgmap; the "
                        + "doc is long on purpose so that it has to wrap across more than one line of the trace",
                "pgmap0 is dead (memunmap_pages returned at step 11) but thread gup-slow read folio0.flags at "
                        + "step 12 via follow_page_mask → try_grab_folio → folio_ref_try_add",
                threads,
                List.of("folio0: refcount 0, mapcount 0, pgmap0; folio1: refcount 0, mapcount 0, pgmap0",
                        "pmd: none; pte: none; pgmap0: live, percpu ref 1; dax entries: 0 empty, 1 empty; "
                                + "blocks: block0 fileA, block1 fileA, block2 free, block3 free"),
                List.of(
                        new Row(0, "dax_iomap_pmd_fault", 0, List.of("pmd: none→folio0", "folio0.refcount 0→1",
                                "folio0.mapcount 0→1", "dax entry 0: empty→locked→folio0 (PMD order 9)"), false),
                        new Row(1, "dax_iomap_pte_fault", 1, List.of("pte: none→fallback"), false),
                        new Row(2, "gup_fast_pmd_leaf", 0, List.of("folio0.refcount 1→1025"), false),
                        new Row(3, "__get_user_pages_locked", 0, List.of(), false),
                        new Row(4, "dax_layout_busy_page_range", 2, List.of("pmd: folio0→none",
                                "folio0.mapcount 1→0", "folio0.refcount 1025→1024"), false),
                        new Row(5, "kill_dax", 0, List.of(bigChange), false),
                        new Row(5, "memunmap_pages", 0, List.of("pgmap0: dying→dead", "memmap: present→freed"),
                                false),
                        new Row(1, "vmf_insert_pfn_pmd_prot_dax_xl", 0, List.of(), false),
                        new Row(5, "percpu_ref_exit_and_free_memmap", 0, List.of("pgmap0.ref: atomic→gone"),
                                false),
                        new Row(3, "follow_page_mask", 1, List.of("a_single_change_without_any_spaces_that_is_"
                                + "longer_than_any_column_could_ever_be_so_it_must_be_hard_broken"), false),
                        new Row(2, "unpin_user_page", 0, List.of("folio0.refcount 1024→0"), false),
                        new Row(3, "try_grab_folio", 0, List.of("folio0.flags: read after free"), true)),
                "./foliocheck check kill-vs-everything --design request-offset --property "
                        + "no-memmap-use-after-kill --max-states 100000000 --out counterexamples/kill-vs-everything");
    }

    /** A property already broken by the initial state: no steps at all. */
    static TraceReport noSteps() {
        return new TraceReport("one-folio", "legacy", TraceReport.VIOLATION, "refcount-nonnegative",
                "", "", List.of("fault"), List.of(), List.of(),
                "./foliocheck check one-folio --design legacy --property refcount-nonnegative");
    }
}
