package foliocheck.model;

/**
 * Linux 6.15+ ("fs/dax: Fix ZONE_DEVICE page reference counts"): FS DAX folios idle at
 * refcount 0; every non-special mapping holds a reference and a mapcount; truncate waits
 * for refcount 0 and is woken by {@code free_zone_device_folio}; folio references hold no
 * pgmap reference. All defaults of {@link Design}.
 */
public class Mainline extends Design {
    @Override
    public String name() {
        return "mainline";
    }

    @Override
    public String doc() {
        return "Linux 6.15+: folios idle at 0, mappings hold references, truncate waits for 0";
    }
}
