import foliocheck.model.Mainline;

/**
 * A candidate fix for {@code reflink-two-maps}, not the kernel's code: in a shared extent,
 * {@code dax_insert_entry} leaves a DAX entry that already names the folio alone, as it does
 * where no other file shares the block, instead of unmapping the offset, disassociating the
 * entry and associating it again ({@code if (shared || ...)}, since 6.2). A copy-on-write
 * fault, whose new block replaces the entry, would still take that path; the model has no
 * write faults. Everything else is mainline's.
 */
public class KeepSharedEntry extends Mainline {
    @Override
    public String name() {
        return "keep-shared-entry";
    }

    @Override
    public String doc() {
        return "mainline, a read fault in a shared extent leaves an entry naming the folio alone";
    }

    @Override
    public boolean reassociatesSharedEntry() {
        return false;
    }
}
