package foliocheck.model.designs;

import foliocheck.model.Folio;
import foliocheck.model.Kernel;

/**
 * Proposed October 2022 as the answer to {@link RequestFolios}, not merged:
 * {@code pgmap_request_folio(pgmap, pgmap_offset, order)}. The caller names an offset, not
 * a folio; the call returns NULL if the pgmap is dying, and otherwise atomically activates
 * the folio (0→1, taking a pgmap reference) or returns the active one. The pgmap reference
 * is dropped by whichever put takes the folio to 0, in {@code free_zone_device_folio}.
 */
public class RequestOffset extends RequestFolios {
    @Override
    public String name() {
        return "request-offset";
    }

    @Override
    public String doc() {
        return "2022 answer: pgmap_request_folio(pgmap, offset) activates 0->1 atomically";
    }

    /** {@code pgmap_request_folio}: activation and the pgmap reference in one atomic step. */
    @Override
    public Kernel associate(Kernel k, int f, int file, int index) {
        boolean activating = k.folio(f).refcount() == 0;
        k = super.associate(k, f, file, index);
        if (activating) {
            k = k.withPgmap(k.pgmap().withRef(k.pgmap().ref() + 1));
        }
        return k;
    }

    @Override
    public boolean twoStepActivation() {
        return false;
    }

    /** Release is a plain put: the free path drops the pgmap reference. */
    @Override
    public Kernel disassociate(Kernel k, int f) {
        Folio fo = k.folio(f);
        k = put(k.withFolio(f, fo.withCompound(false).withMapping(Kernel.NONE, 0)), f, 1, 0);
        return k.folio(f).refcount() == 0 ? freed(k, f) : k;
    }

    /** {@code free_zone_device_folio}: {@code put_dev_pagemap} after the last read of the folio. */
    @Override
    public Kernel freed(Kernel k, int f) {
        return k.withPgmap(k.pgmap().withRef(k.pgmap().ref() - 1));
    }
}
