package foliocheck.model;

import java.util.Objects;

/**
 * The {@code struct dev_pagemap} of the pmem device and its dax device
 * (mm/memremap.c, drivers/dax/super.c).
 *
 * @param life        live, dying (after {@code percpu_ref_kill}) or dead (memmap freed)
 * @param ref         the value of {@code pgmap->ref}
 * @param alive       the dax device's ALIVE flag ({@code dax_alive()})
 * @param readers     holders of {@code dax_read_lock}
 * @param pagesPut    whether teardown has dropped the pages' initial references (legacy-4.13)
 * @param generic     {@code MEMORY_DEVICE_GENERIC}: a device-dax instance's pages, not FS DAX
 *                    ({@code MEMORY_DEVICE_FS_DAX}); set by the scenario, never changed
 */
public record Pgmap(Life life, int ref, boolean alive, int readers, boolean pagesPut, boolean generic) {

    /** The pgmap's lifecycle. */
    public enum Life {
        /** {@code get_dev_pagemap} succeeds. */
        LIVE,
        /**
         * {@code percpu_ref_kill} ran: {@code percpu_ref_tryget_live} fails (a plain
         * {@code percpu_ref_tryget} still succeeds while the count is above 0); teardown
         * waits for the count.
         */
        DYING,
        /** {@code pageunmap_range} ran: the struct pages no longer exist. */
        DEAD
    }

    public Pgmap withLife(Life l) {
        return new Pgmap(l, ref, alive, readers, pagesPut, generic);
    }

    public Pgmap withRef(int r) {
        return new Pgmap(life, r, alive, readers, pagesPut, generic);
    }

    public Pgmap withAlive(boolean a) {
        return new Pgmap(life, ref, a, readers, pagesPut, generic);
    }

    public Pgmap withReaders(int r) {
        return new Pgmap(life, ref, alive, r, pagesPut, generic);
    }

    public Pgmap withPagesPut(boolean p) {
        return new Pgmap(life, ref, alive, readers, p, generic);
    }

    // Hand-written, not generated: JPF silently stops a thread in generated record methods (docs/jpf.md).
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Pgmap r && life == r.life && ref == r.ref && alive == r.alive
                && readers == r.readers && pagesPut == r.pagesPut && generic == r.generic;
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(life);
        h = 31 * h + ref;
        h = 31 * h + (alive ? 1231 : 1237);
        h = 31 * h + readers;
        h = 31 * h + (pagesPut ? 1231 : 1237);
        h = 31 * h + (generic ? 1231 : 1237);
        return h;
    }

    @Override
    public String toString() {
        return "Pgmap[life=" + life + ", ref=" + ref + ", alive=" + alive + ", readers=" + readers
                + ", pagesPut=" + pagesPut + ", generic=" + generic + "]";
    }
}
