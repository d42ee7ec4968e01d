package foliocheck.model;

/**
 * The {@code struct dev_pagemap} of the pmem device and its dax device
 * (mm/memremap.c, drivers/dax/super.c).
 *
 * @param life        live, dying (after {@code percpu_ref_kill}) or dead (memmap freed)
 * @param ref         the value of {@code pgmap->ref}
 * @param alive       the dax device's ALIVE flag ({@code dax_alive()})
 * @param readers     holders of {@code dax_read_lock}
 * @param pagesPut    whether teardown has dropped the pages' initial references (legacy-4.13)
 */
public record Pgmap(Life life, int ref, boolean alive, int readers, boolean pagesPut) {

    /** The pgmap's lifecycle. */
    public enum Life {
        /** {@code get_dev_pagemap} succeeds. */
        LIVE,
        /** {@code percpu_ref_kill} ran: trygets fail, teardown waits for the count. */
        DYING,
        /** {@code pageunmap_range} ran: the struct pages no longer exist. */
        DEAD
    }

    public Pgmap withLife(Life l) {
        return new Pgmap(l, ref, alive, readers, pagesPut);
    }

    public Pgmap withRef(int r) {
        return new Pgmap(life, r, alive, readers, pagesPut);
    }

    public Pgmap withAlive(boolean a) {
        return new Pgmap(life, ref, a, readers, pagesPut);
    }

    public Pgmap withReaders(int r) {
        return new Pgmap(life, ref, alive, r, pagesPut);
    }

    public Pgmap withPagesPut(boolean p) {
        return new Pgmap(life, ref, alive, readers, p);
    }
}
