package foliocheck.check;

import foliocheck.model.DaxEntry;
import foliocheck.model.Folio;
import foliocheck.model.Kernel;
import foliocheck.model.Local;
import foliocheck.model.Pgmap;
import foliocheck.model.Pte;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.List;

/** Describes states and the difference between two states in the words traces use. */
final class Changes {
    private Changes() { }

    static List<String> describe(State s) {
        Kernel k = s.kernel();
        List<String> l = new ArrayList<>();
        for (int f = 0; f < k.folios().size(); f++) {
            Folio fo = k.folio(f);
            // A device-dax instance has no filesystem: its folios belong to no file's block.
            l.add("folio" + f + " (" + fo.order().word() + " order): refcount " + fo.refcount() + ", mapcount "
                    + fo.mapcount() + (k.pgmap().generic() ? "" : ", block" + f + " " + owner(k.owner(f))));
        }
        Pgmap p = k.pgmap();
        l.add("pgmap: " + (p.generic() ? "device-dax, " : "") + life(p.life()) + ", ref " + p.ref() + ", dax "
                + (p.alive() ? "alive" : "dead"));
        return l;
    }

    static List<String> between(State a, State b, List<String> names) {
        List<String> out = new ArrayList<>();
        Kernel x = a.kernel();
        Kernel y = b.kernel();
        for (int f = 0; f < y.folios().size(); f++) {
            Folio p = x.folio(f);
            Folio q = y.folio(f);
            String n = "folio" + f + ".";
            num(out, n + "refcount", p.refcount(), q.refcount());
            num(out, n + "mapcount", p.mapcount(), q.mapcount());
            num(out, n + "entire", p.entire(), q.entire());
            num(out, n + "pincount", p.pincount(), q.pincount());
            if (p.compound() != q.compound()) {
                out.add("folio" + f + (q.compound() ? " made compound" : " split to order 0"));
            }
            if (p.mapping() != q.mapping()) {
                out.add(n + "mapping " + Kernel.fileName(p.mapping()) + "→" + Kernel.fileName(q.mapping()));
            }
            num(out, n + "share", p.share(), q.share());
            if (x.owner(f) != y.owner(f)) {
                out.add("block" + f + " " + owner(x.owner(f)) + "→" + owner(y.owner(f)));
            }
        }
        Pgmap p = x.pgmap();
        Pgmap q = y.pgmap();
        if (p.life() != q.life()) {
            out.add("pgmap " + life(p.life()) + "→" + life(q.life()));
        }
        num(out, "pgmap.ref", p.ref(), q.ref());
        num(out, "dax_read_lock", p.readers(), q.readers());
        if (p.alive() != q.alive()) {
            out.add("dax " + (q.alive() ? "alive" : "not alive"));
        }
        for (Pte e : x.ptes()) {
            if (!y.ptes().contains(e)) {
                out.add(e.where() + ": folio" + e.folio() + "→none");
            }
        }
        for (Pte e : y.ptes()) {
            if (!x.ptes().contains(e)) {
                out.add(e.where() + ": none→folio" + e.folio() + (e.special() ? " special" : e.devmap() ? " devmap" : ""));
            }
        }
        for (DaxEntry e : x.entries()) {
            DaxEntry f = y.entry(e.file(), e.offset());
            String w = "entry[" + Kernel.fileName(e.file()) + ":" + e.offset() + "]";
            if (f == null) {
                out.add(w + " deleted");
            } else if (f.folio() != e.folio()) {
                out.add(w + ": folio" + f.folio());
            } else if (f.locked() != e.locked()) {
                out.add(w + (f.locked() ? " locked" : " unlocked"));
            }
        }
        for (DaxEntry e : y.entries()) {
            if (x.entry(e.file(), e.offset()) == null) {
                out.add("entry[" + Kernel.fileName(e.file()) + ":" + e.offset() + "] "
                        + (e.folio() == Kernel.NONE ? "empty" : "folio" + e.folio()) + (e.locked() ? " locked" : ""));
            }
        }
        if (x.invalExcl() != y.invalExcl() || x.invalShared() != y.invalShared()) {
            out.add("invalidate_lock " + lock(x) + "→" + lock(y));
        }
        if (x.truncated() != y.truncated()) {
            out.add("file A size→0");
        }
        if (x.vmaGone() != y.vmaGone()) {
            out.add("VMA removed");
        }
        for (int t = 0; t < b.threads().size(); t++) {
            Local l = a.thread(t);
            Local m = b.thread(t);
            String who = names.get(t) + ": ";
            flag(out, who, l, m, Local.PINNED, "pin returned", "pin released");
            flag(out, who, l, m, Local.SLEEPING, "asleep on folio" + m.folio(), "running");
            flag(out, who, l, m, Local.WOKEN, "woken", null);
            flag(out, who, l, m, Local.FAILED, "fails", null);
            flag(out, who, l, m, Local.PGMAP_REF, "holds pgmap ref", null);
            flag(out, who, l, m, Local.HOLDS_GRACE, "IRQs off in gup_fast: the grace period waits", null);
            if (l.busyFolio() != m.busyFolio() && m.busyFolio() != Kernel.NONE) {
                out.add(who + "found folio" + m.busyFolio() + " busy");
            }
            if (l.refs() != m.refs() && m.refs() > 0) {
                out.add(who + "holds " + m.refs() + " ref to put");
            }
            if (!m.has(Local.PINNED) && l.pins() != m.pins() && m.pins() > 0) {
                out.add(who + "grabbed folio" + m.folio());
            }
        }
        return out;
    }

    private static void flag(List<String> out, String who, Local a, Local b, int flag, String on, String off) {
        if (!a.has(flag) && b.has(flag)) {
            out.add(who + on);
        } else if (a.has(flag) && !b.has(flag) && off != null) {
            out.add(who + off);
        }
    }

    private static void num(List<String> out, String what, int a, int b) {
        if (a != b) {
            out.add(what + " " + a + "→" + b);
        }
    }

    private static String lock(Kernel k) {
        return k.invalExcl() ? "excl" : k.invalShared() > 0 ? "shared" : "free";
    }

    static String owner(int o) {
        return o == Kernel.FREE ? "free" : o == Kernel.FILE_A ? "fileA" : o == Kernel.FILE_B ? "fileB" : "fileA+B";
    }

    static String life(Pgmap.Life l) {
        return l.name().toLowerCase(java.util.Locale.ROOT);
    }
}
