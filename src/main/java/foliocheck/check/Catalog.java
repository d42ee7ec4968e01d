package foliocheck.check;

import foliocheck.model.Design;
import foliocheck.model.Designs;
import foliocheck.model.Mainline;
import foliocheck.properties.PropertySet;
import foliocheck.model.Scenario;
import foliocheck.model.Scenarios;
import foliocheck.properties.Invariants;
import foliocheck.engine.Property;
import foliocheck.model.State;
import java.util.ArrayList;
import java.util.List;

/**
 * The designs, scenarios and properties a run knows: the built-in ones and any the user
 * loaded ({@link UserCode}). Looks them up by name, with a suggestion for near misses.
 */
public final class Catalog {
    /** The built-in property names: the invariants, then "deadlock". */
    public static final List<String> BUILT_IN_PROPERTIES = builtInProperties();

    private static final Catalog BUILT_IN = builtInCatalog();

    private static List<String> builtInProperties() {
        List<String> l = new ArrayList<>();
        for (Property<State> p : Invariants.all(new Mainline())) {
            l.add(p.name());
        }
        l.add("deadlock");
        return List.copyOf(l);
    }

    private static Catalog builtInCatalog() {
        try {
            return new Catalog(UserCode.Loaded.NONE);
        } catch (UserCode.Bad e) {
            throw new IllegalStateException(e);
        }
    }

    /** A name that matched nothing; the message is one line with a suggestion. */
    public static final class UnknownName extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownName(String kind, String name, List<String> known) {
            super("unknown " + kind + " '" + name + "'" + suggestion(name, known)
                    + " (foliocheck list shows them all)");
        }
    }

    private final List<Design> designs;
    private final List<Scenario> scenarios;
    private final UserCode.Loaded user;
    private final List<String> propertyNames;
    private final List<UserProperty> userProperties;

    /** A user's property as the first design in catalog order that has it gives it, and that design's name. */
    public record UserProperty(Property<State> property, String design) { }

    private Catalog(UserCode.Loaded user) throws UserCode.Bad {
        this.user = user;
        List<Design> ds = new ArrayList<>(Designs.all());
        for (Design d : user.designs()) {
            requireWord(d.name(), d.getClass().getName() + ".name()");
            for (Design e : ds) {
                if (e.name().equals(d.name())) {
                    throw new UserCode.Bad("two designs are named '" + d.name() + "' (" + e.getClass().getName()
                            + " and " + d.getClass().getName() + "); override name()");
                }
            }
            ds.add(d);
        }
        List<Scenario> ss = new ArrayList<>(Scenarios.all());
        for (Scenario sc : user.scenarios()) {
            requireWord(sc.name(), "scenario name");
            for (Scenario e : ss) {
                if (e.name().equals(sc.name()) || Scenarios.named(sc.name()) != null) {
                    throw new UserCode.Bad("two scenarios are named '" + sc.name() + "'");
                }
            }
            ss.add(sc);
        }
        // A property set may give each design other properties: its names are checked under
        // every design, in the catalog's order (mainline first).
        List<UserProperty> firsts = new ArrayList<>();
        for (Design d : ds) {
            java.util.Set<String> here = new java.util.HashSet<>(BUILT_IN_PROPERTIES);
            for (PropertySet set : user.properties()) {
                for (Property<State> p : propertiesOf(set, d)) {
                    requireWord(p.name(), set.getClass().getName() + "'s property name");
                    if (foliocheck.properties.Witnesses.NAMES.contains(p.name())) {
                        throw new UserCode.Bad(set.getClass().getName() + ": '" + p.name()
                                + "' is the name of a witness; name the property otherwise");
                    }
                    if (!here.add(p.name())) {
                        throw new UserCode.Bad("two properties are named '" + p.name() + "' (" + set.getClass().getName()
                                + (d == ds.get(0) ? "" : ", under design " + d.name()) + ")");
                    }
                    if (firsts.stream().noneMatch(f -> f.property().name().equals(p.name()))) {
                        firsts.add(new UserProperty(p, d.name()));
                    }
                }
            }
        }
        this.userProperties = List.copyOf(firsts);
        List<String> ps = new ArrayList<>(BUILT_IN_PROPERTIES);
        firsts.forEach(u -> ps.add(u.property().name()));
        this.designs = List.copyOf(ds);
        this.scenarios = List.copyOf(ss);
        this.propertyNames = List.copyOf(ps);
    }

    /** {@code set}'s properties under {@code d}; a throw or a null is the user's bad input. */
    private static List<Property<State>> propertiesOf(PropertySet set, Design d) throws UserCode.Bad {
        List<Property<State>> l;
        try {
            l = set.properties(d);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            throw new UserCode.Bad(set.getClass().getName() + ".properties(" + d.name() + ") threw " + UserCode.shown(e));
        }
        if (l == null || l.stream().anyMatch(java.util.Objects::isNull)) {
            throw new UserCode.Bad(set.getClass().getName() + ".properties(" + d.name() + ") returned "
                    + (l == null ? "null" : "a null property"));
        }
        return l;
    }

    /** The built-in designs, scenarios and properties. */
    public static Catalog builtIn() {
        return BUILT_IN;
    }

    /** The built-in ones and the user's; a user name that clashes with another is bad input. */
    public static Catalog with(UserCode.Loaded user) throws UserCode.Bad {
        return user.isEmpty() ? BUILT_IN : new Catalog(user);
    }

    /** Every design: the built-in ones, then the user's. */
    public List<Design> allDesigns() {
        return designs;
    }

    /** Every scenario: the built-in ones, then the user's. */
    public List<Scenario> allScenarios() {
        return scenarios;
    }

    /** What the user loaded (nothing for the built-in catalog). */
    public UserCode.Loaded user() {
        return user;
    }

    public Design design(String name) throws UnknownName {
        for (Design d : designs) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw new UnknownName("design", name, designs.stream().map(Design::name).toList());
    }

    public Scenario scenario(String name) throws UnknownName {
        for (Scenario s : scenarios) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        Scenario stress = Scenarios.named(name);
        if (stress != null) {
            return stress;
        }
        throw new UnknownName("scenario", name, scenarios.stream().map(Scenario::name).toList());
    }

    /** The user's properties, each once (see {@link UserProperty}; mainline comes first). */
    public List<UserProperty> userProperties() {
        return userProperties;
    }

    /** Property names: the invariants, "deadlock", then the user's. */
    public List<String> propertyNames() {
        return propertyNames;
    }

    /** Whether {@code name} is a property (as opposed to a scenario's witness). */
    public boolean isProperty(String name) {
        return propertyNames.contains(name);
    }

    /**
     * Refuses a user's name that is not one word of letters, digits, '.', '-' and '_': names
     * become parts of file names ({@code --out}) and of command lines.
     */
    private static void requireWord(String name, String what) throws UserCode.Bad {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new UserCode.Bad(what + " must be a word of letters, digits, '.', '-', '_', not " + UserCode.shown(name));
        }
    }

    /** {@code name} if it names a witness, else an {@link UnknownName} with the nearest. */
    public static String witness(String name) throws UnknownName {
        if (foliocheck.properties.Witnesses.NAMES.contains(name)) {
            return name;
        }
        throw new UnknownName("witness", name, foliocheck.properties.Witnesses.NAMES);
    }

    public String property(String name) throws UnknownName {
        if (propertyNames.contains(name)) {
            return name;
        }
        throw new UnknownName("property", name, propertyNames);
    }

    /** The named scenario; when {@code name} is null, the user's scenarios if any were loaded, else every built-in one. */
    public List<Scenario> scenarios(String name) throws UnknownName {
        if (name != null) {
            return List.of(scenario(name));
        }
        return user.scenarios().isEmpty() ? Scenarios.all() : user.scenarios();
    }

    /**
     * The named designs, each once, in the order first named; when {@code names} is empty,
     * the user's designs if any were loaded, else every built-in one.
     */
    public List<Design> designs(List<String> names) throws UnknownName {
        if (names.isEmpty()) {
            return user.designs().isEmpty() ? Designs.all() : user.designs();
        }
        List<Design> l = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            Design d = design(n);
            if (seen.add(d.name())) {
                l.add(d);
            }
        }
        return l;
    }

    /** The model of one check: the scenario under the design, with the user's properties. */
    public FolioModel model(Scenario scenario, Design design) {
        return new FolioModel(scenario, design, user.properties(), user.options());
    }

    /** "; did you mean 'X'?" for the name in {@code known} closest to {@code name}, if close enough; else "". */
    public static String suggestion(String name, List<String> known) {
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
