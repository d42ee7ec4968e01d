package foliocheck.model.designs;

import foliocheck.model.Mainline;

/**
 * Bug variant of {@code mainline}: {@code dup_mmap} puts the child's VMA into the file's
 * {@code i_mmap} before the parent's instead of right after it
 * ({@code vma_interval_tree_insert_after}). A truncate's unmap can then pass the child's
 * VMA while it is still empty; fork copies the parent's entry into it; the walk clears
 * only the parent's. {@code dax_busy_page} asks for references beyond the mapcount, so the
 * copy's reference, matched by its mapcount, does not make the page busy: the block is
 * freed under the child's entry. Legacy loses the same way (its copy holds nothing at all).
 */
public class ForkChildFirst extends Mainline {
    @Override
    public String name() {
        return "fork-child-first";
    }

    @Override
    public String doc() {
        return "bug: mainline with fork putting the child's VMA before the parent's in i_mmap";
    }

    @Override
    public boolean childVmaAfterParent() {
        return false;
    }
}
