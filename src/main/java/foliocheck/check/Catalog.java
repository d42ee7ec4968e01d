package foliocheck.check;

import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.properties.Invariants;
import foliocheck.engine.Property;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.List;

/** Looks up designs, scenarios and properties by name, with a suggestion for near misses. */
public final class Catalog {
    private Catalog() { }

    /** A name that matched nothing; the message is one line with a suggestion. */
    public static final class UnknownName extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownName(String kind, String name, List<String> known) {
            super("unknown " + kind + " '" + name + "'" + suggestion(name, known)
                    + " (foliocheck list shows them all)");
        }
    }

    public static Design design(String name) throws UnknownName {
        for (Design d : Designs.all()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new UnknownName("design", name, Designs.all().stream().map(Design::name).toList());
    }

    public static Scenario scenario(String name) throws UnknownName {
        for (Scenario s : Scenarios.all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        if (name.matches("stress-[1-9]")) {
            return Scenarios.stress(name.charAt(7) - '0');
        }
        throw new UnknownName("scenario", name, Scenarios.all().stream().map(Scenario::name).toList());
    }

    /** Property names: the invariants, then "deadlock". */
    public static final List<String> PROPERTY_NAMES = propertyNames();

    private static List<String> propertyNames() {
        List<String> l = new ArrayList<>();
        for (Property<State> p : Invariants.all(new foliocheck.model.Mainline())) {
            l.add(p.name());
        }
        l.add("deadlock");
        return List.copyOf(l);
    }

    public static String property(String name) throws UnknownName {
        if (PROPERTY_NAMES.contains(name)) {
            return name;
        }
        throw new UnknownName("property", name, PROPERTY_NAMES);
    }

    /** The named scenario, or every built-in one when {@code name} is null. */
    public static List<Scenario> scenarios(String name) throws UnknownName {
        return name == null ? Scenarios.all() : List.of(scenario(name));
    }

    /** The named designs, or every built-in one when {@code names} is empty. */
    public static List<Design> designs(List<String> names) throws UnknownName {
        if (names.isEmpty()) {
            return Designs.all();
        }
        List<Design> l = new ArrayList<>();
        for (String n : names) {
            l.add(design(n));
        }
        return l;
    }

    static String suggestion(String name, List<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, name.length() / 3) ? "; did you mean '" + best + "'?" : "";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
