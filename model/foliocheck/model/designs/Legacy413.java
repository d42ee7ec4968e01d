package foliocheck.model.designs;

import foliocheck.model.Folio;
import foliocheck.model.Kernel;

/**
 * Linux 4.13–5.19: as {@link Legacy}, but every page holds a pgmap reference while its
 * refcount is above 0, and {@code memunmap_pages} drops each page's initial reference and
 * waits ({@code wait_for_completion}) until every page has been freed. A pin held across
 * teardown blocks it; the memmap is never freed under a pinned page. {@code kill_dax} does
 * not notify the filesystem: it only clears ALIVE and waits for {@code dax_read_lock}
 * holders ({@link #preRemoveNotify}).
 */
public class Legacy413 extends Legacy {
    @Override
    public String name() {
        return "legacy-4.13";
    }

    @Override
    public String doc() {
        return "Linux 4.13-5.19: each page holds a pgmap reference; teardown waits for every page";
    }

    /**
     * The kernels of this range have no dax holder to notify: {@code kill_dax} gained a
     * notification of the holder later, and {@code MF_MEM_PRE_REMOVE} with the freeze and
     * the invalidation after that (fa422b353d21).
     */
    @Override
    public boolean preRemoveNotify() {
        return false;
    }

    @Override
    public int idle(Kernel k, int f) {
        return k.pgmap().pagesPut() ? 0 : 1;
    }

    @Override
    public int initialPgmapRef(int folios) {
        return 1 + folios;
    }

    @Override
    public Kernel teardownPutRefs(Kernel k) {
        for (int f = 0; f < k.folios().size(); f++) {
            Folio fo = k.folio(f);
            k = k.withFolio(f, fo.withRefcount(fo.refcount() - 1));
            if (fo.refcount() == 1) {
                k = k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1));
            }
        }
        return k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1).withPagesPut(true));
    }

    /** {@code __put_page} at 0 → {@code put_dev_pagemap(page->pgmap)}: the page's own pgmap reference. */
    @Override
    public Kernel freed(Kernel k, int f) {
        return k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1));
    }

    /** Before 6.0 XFS refused to reflink a DAX file ({@code xfs_reflink_remap_prep}). */
    @Override
    public boolean reflinksDax() {
        return false;
    }
}
