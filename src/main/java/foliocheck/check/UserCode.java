package foliocheck.check;

import foliocheck.model.Design;
import foliocheck.model.Scenario;
import foliocheck.properties.PropertySet;
import foliocheck.properties.Witnesses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Designs, scenarios and properties written by users: Java source files compiled here
 * with the system Java compiler against foliocheck's own classes, or compiled classes in a
 * directory or jar. A loaded class is
 * <ul>
 *   <li>a design if it is a public concrete subclass of {@link Design};</li>
 *   <li>a scenario if it implements {@code Supplier<Scenario>};</li>
 *   <li>a property set if it implements {@link PropertySet};</li>
 * </ul>
 * each with a public no-argument constructor. Everything that goes wrong is a {@link Bad}
 * whose message is fit to print: the compiler's own diagnostics, or one line.
 */
public final class UserCode {
    /**
     * What the user's files defined, in file order and, within a file, by class name;
     * {@code options} is the command-line text that loads them again (for reproduce lines).
     * {@code scenarioClasses} names the class that supplied each scenario, and
     * {@code compiled} and {@code classPath} are the classes themselves, for a JVM of
     * another process (see {@link #writeClassPath}).
     */
    public record Loaded(List<Design> designs, List<Scenario> scenarios, List<PropertySet> properties,
                         String options, List<String> scenarioClasses, Map<String, byte[]> compiled,
                         List<Path> classPath) {
        public static final Loaded NONE = new Loaded(List.of(), List.of(), List.of(), "", List.of(), Map.of(),
                List.of());

        public boolean isEmpty() {
            return designs.isEmpty() && scenarios.isEmpty() && properties.isEmpty();
        }

        /** Whether {@code d} is one of the user's designs (this very object). */
        public boolean loaded(Design d) {
            return designs.stream().anyMatch(x -> x == d);
        }

        /** The class that supplied {@code sc}, or null when it is not one of the user's scenarios. */
        public String supplierOf(Scenario sc) {
            for (int i = 0; i < scenarios.size(); i++) {
                if (scenarios.get(i) == sc) {
                    return scenarioClasses.get(i);
                }
            }
            return null;
        }

        /** Whether class {@code name} (a binary name) is one of the user's, compiled or on the design path. */
        public boolean defines(String name) {
            if (compiled.containsKey(name)) {
                return true;
            }
            String file = name.replace('.', '/') + ".class";
            for (Path p : classPath) {
                if (Files.isDirectory(p)) {
                    if (Files.isRegularFile(p.resolve(file))) {
                        return true;
                    }
                } else {
                    try (JarFile jar = new JarFile(p.toFile())) {
                        if (jar.getEntry(file) != null) {
                            return true;
                        }
                    } catch (IOException e) {
                        // a jar that can no longer be read defines nothing
                    }
                }
            }
            return false;
        }

        /**
         * A class path that holds every user class, for another JVM: {@code dir}, into which
         * the classes compiled in memory are written (class files in package directories),
         * then the {@code --design-path} entries.
         */
        public List<Path> writeClassPath(Path dir) throws IOException {
            for (Map.Entry<String, byte[]> e : compiled.entrySet()) {
                Path f = dir.resolve(e.getKey().replace('.', '/') + ".class");
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
            List<Path> l = new ArrayList<>();
            l.add(dir);
            classPath.forEach(p -> l.add(p.toAbsolutePath()));
            return l;
        }
    }

    /** User code that cannot be compiled or loaded; the message says why, for the user. */
    public static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        public Bad(String message) {
            super(message);
        }
    }

    /**
     * The name of the class loader of every user class: a stack frame whose
     * {@link StackTraceElement#getClassLoaderName()} is this runs the user's code.
     */
    public static final String LOADER_NAME = "foliocheck-user";

    /** What a file given on the command line must define at least one of. */
    public enum Kind { DESIGN, SCENARIO, PROPERTY, ANY }

    /** One source file or class path entry, and what it was given as. */
    public record Source(Path path, Kind kind) { }

    private UserCode() { }

    /**
     * Compiles every {@code .java} source together (so a scenario file may use a design
     * file's classes), loads the results and the class path entries, and sorts what they
     * define into designs, scenarios and property sets.
     */
    public static Loaded load(List<Source> sources) throws Bad {
        if (sources.isEmpty()) {
            return Loaded.NONE;
        }
        List<Path> javaFiles = new ArrayList<>();
        List<Path> classPath = new ArrayList<>();
        for (Source s : sources) {
            Path p = s.path();
            if (!Files.exists(p)) {
                throw new Bad("no such file: " + p);
            }
            if (p.toString().endsWith(".java")) {
                if (!Files.isRegularFile(p)) {
                    throw new Bad("not a file: " + p);
                }
                javaFiles.add(p);
            } else if (s.kind() == Kind.ANY && (Files.isDirectory(p) || p.toString().endsWith(".jar"))) {
                classPath.add(p);
            } else {
                throw new Bad(p + ": expected a .java file" + (s.kind() == Kind.ANY ? ", a directory or a jar" : ""));
            }
        }
        Map<String, Path> origins = new HashMap<>();
        Map<String, byte[]> compiled = javaFiles.isEmpty() ? Map.of() : compile(javaFiles, classPath, origins);
        List<URL> urls = new ArrayList<>();
        for (Path p : classPath) {
            urls.add(url(p));
        }
        ClassLoader loader = new CompiledLoader(compiled, urls, Design.class.getClassLoader());
        List<Design> designs = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        List<PropertySet> properties = new ArrayList<>();
        List<String> scenarioClasses = new ArrayList<>();
        for (Source s : sources) {
            Path p = s.path();
            List<String> names;
            if (p.toString().endsWith(".java")) {
                names = classNamesFrom(origins, p);
            } else {
                names = classNamesIn(p);
            }
            int before = designs.size() + scenarios.size() + properties.size();
            int found = 0;
            for (String n : names) {
                Class<?> c = loadClass(loader, n, p);
                if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())
                        || c.isInterface() || c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
                    continue;
                }
                if (Design.class.isAssignableFrom(c)) {
                    designs.add(validDesign((Design) instantiate(c, p), p));
                    found += s.kind() == Kind.DESIGN ? 1 : 0;
                } else if (Supplier.class.isAssignableFrom(c)) {
                    Supplier<?> supplier = (Supplier<?>) instantiate(c, p);
                    Object v;
                    try {
                        v = supplier.get();
                    } catch (RuntimeException | LinkageError | StackOverflowError e) {
                        throw new Bad(p + ": " + c.getName() + ".get() threw " + shown(e) + where(e));
                    }
                    if (v == null && suppliesScenarios(c)) {
                        throw new Bad(p + ": " + c.getName() + ".get() returned null instead of a scenario");
                    }
                    if (!(v instanceof Scenario sc)) {
                        continue;
                    }
                    scenarios.add(validScenario(sc, c, p));
                    scenarioClasses.add(c.getName());
                    found += s.kind() == Kind.SCENARIO ? 1 : 0;
                } else if (PropertySet.class.isAssignableFrom(c)) {
                    properties.add((PropertySet) instantiate(c, p));
                    found += s.kind() == Kind.PROPERTY ? 1 : 0;
                }
            }
            int total = designs.size() + scenarios.size() + properties.size();
            if (s.kind() == Kind.ANY ? total == before : found == 0) {
                throw new Bad(p + " defines no " + what(s.kind()));
            }
        }
        StringBuilder options = new StringBuilder();
        for (Source s : sources) {
            options.append(switch (s.kind()) {
                case DESIGN -> " --design-file ";
                case SCENARIO -> " --scenario-file ";
                case PROPERTY -> " --property-file ";
                case ANY -> " --design-path ";
            }).append(s.path());
        }
        return new Loaded(List.copyOf(designs), List.copyOf(scenarios), List.copyOf(properties), options.toString(),
                List.copyOf(scenarioClasses), java.util.Collections.unmodifiableMap(compiled), List.copyOf(classPath));
    }

    private static String what(Kind k) {
        String design = "design (a public class extending foliocheck.model.Design or a built-in design)";
        String scenario = "scenario (a public class implementing Supplier<foliocheck.model.Scenario>)";
        String property = "property set (a public class implementing foliocheck.properties.PropertySet)";
        return switch (k) {
            case DESIGN -> design;
            case SCENARIO -> scenario;
            case PROPERTY -> property;
            case ANY -> design + ", " + scenario + " or " + property;
        };
    }

    /** A user's name, quoted, on one line: control characters (newlines, escapes) shown as '?'. */
    static String shown(String name) {
        return name == null ? "null" : "'" + name.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /**
     * Where in the user's code {@code t} was thrown, as {@code ", in Class.method(File.java:line)"},
     * or "" if no frame of it is on {@code t}'s stack.
     */
    public static String where(Throwable t) {
        StackTraceElement e = t == null ? null : userFrame(t);
        return e == null ? "" : ", in " + e.getClassName() + "." + e.getMethodName() + (e.getFileName() == null ? ""
                : "(" + e.getFileName() + (e.getLineNumber() > 0 ? ":" + e.getLineNumber() : "") + ")");
    }

    /** The first frame of the user's code on {@code t}'s own stack, or null. */
    public static StackTraceElement userFrame(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (LOADER_NAME.equals(e.getClassLoaderName())) {
                return e;
            }
        }
        return null;
    }

    /** Whether {@code c} declares itself a {@code Supplier<Scenario>} (a null from it is a mistake, not another supplier). */
    private static boolean suppliesScenarios(Class<?> c) {
        for (java.lang.reflect.Type t : c.getGenericInterfaces()) {
            if (t instanceof java.lang.reflect.ParameterizedType pt && pt.getRawType() == Supplier.class
                    && pt.getActualTypeArguments()[0] == Scenario.class) {
                return true;
            }
        }
        return false;
    }

    /** What a user's code threw, on one line. */
    static String shown(Throwable t) {
        return oneLine(String.valueOf(t));
    }

    /** {@code text} on one line: line breaks become spaces, other control characters '?'. */
    public static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").replaceAll("\\p{Cntrl}", "?");
    }

    /** {@code d}, if the unbind it describes can do what it says to its filesystem. */
    private static Design validDesign(Design d, Path p) throws Bad {
        if (d.doc() == null) {
            throw new Bad(p + ": design " + shown(d.name()) + " has no description (doc() returned null)");
        }
        Design.Filesystem fs = d.filesystem();
        if (fs == null) {
            throw new Bad(p + ": design " + shown(d.name()) + " names no filesystem (filesystem() returned null)");
        }
        if (fs.shutdown() == null && d.unbindShutsDown()) {
            throw new Bad(p + ": design " + shown(d.name()) + " has its unbind shut " + fs
                    + " down, which has no shutdown operation (preRemoveNotify, failureNotify or markDeadStep)");
        }
        return d;
    }

    private static Scenario validScenario(Scenario sc, Class<?> c, Path p) throws Bad {
        if (sc.name() == null || sc.programs() == null || sc.folios() == null || sc.witnesses() == null) {
            throw new Bad(p + ": " + c.getName() + " returned a scenario with a null component");
        }
        if (sc.programs().isEmpty() || sc.folios().isEmpty()) {
            throw new Bad(p + ": scenario " + shown(sc.name()) + " needs at least one thread and one folio");
        }
        String problem = sc.problem();
        if (problem != null) {
            throw new Bad(p + ": scenario " + shown(sc.name()) + " " + oneLine(problem));
        }
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String w : sc.witnesses()) {
            if (!Witnesses.NAMES.contains(w)) {
                throw new Bad(p + ": scenario " + shown(sc.name()) + " names unknown witness " + shown(w)
                        + Catalog.suggestion(w, Witnesses.NAMES) + " (known: " + String.join(", ", Witnesses.NAMES) + ")");
            }
            if (!named.add(w)) {
                throw new Bad(p + ": scenario " + shown(sc.name()) + " names witness " + shown(w) + " twice");
            }
        }
        return sc;
    }

    /**
     * Compiles the files in memory: the class files, by binary name. Nothing is written to
     * disk, so nothing is left behind. Compile errors become one {@link Bad}. The sources
     * see foliocheck's classes and those of {@code classPath} (the {@code --design-path}
     * directories and jars), which the loader loads them with.
     */
    private static Map<String, byte[]> compile(List<Path> files, List<Path> classPath, Map<String, Path> origins)
            throws Bad {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new Bad("compiling " + files.get(0) + " needs a JDK (this Java has no compiler); "
                    + "or compile it yourself and use --design-path");
        }
        Map<String, byte[]> classes = new TreeMap<>();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StringWriter javacOut = new StringWriter();
        try (StandardJavaFileManager std = javac.getStandardFileManager(diags, Locale.ROOT, StandardCharsets.UTF_8);
             JavaFileManager fm = new InMemoryOutput(std, classes, origins)) {
            Iterable<? extends JavaFileObject> units = std.getJavaFileObjectsFromPaths(files);
            StringBuilder cp = new StringBuilder(ownClassPath());
            classPath.forEach(p -> cp.append(java.io.File.pathSeparator).append(p));
            // An empty source path: javac would otherwise look for sources on the class path
            // too, and compile a .java it finds in a --design-path directory in place of its class.
            List<String> options = List.of("-classpath", cp.toString(), "-sourcepath", "",
                    "-proc:none", "-encoding", "UTF-8", "-Xlint:none");
            boolean ok = javac.getTask(javacOut, fm, diags, options, null, units).call();
            if (!ok) {
                StringBuilder b = new StringBuilder();
                for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
                    if (d.getKind() != Diagnostic.Kind.ERROR) {
                        continue;
                    }
                    String where = d.getSource() == null ? "" : Path.of(d.getSource().toUri()) + ":" + d.getLineNumber() + ": ";
                    b.append(where).append("error: ").append(d.getMessage(Locale.ROOT)).append('\n');
                }
                b.append(javacOut);
                throw new Bad(b.toString().strip());
            }
        } catch (IOException e) {
            throw new Bad("cannot compile " + files.get(0) + ": " + e.getMessage());
        }
        return classes;
    }

    /**
     * A file manager that keeps the class files javac writes in a map, by binary name, and
     * the source file each came from in another.
     */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> classes;
        private final Map<String, Path> origins;

        InMemoryOutput(StandardJavaFileManager std, Map<String, byte[]> classes, Map<String, Path> origins) {
            super(std);
            this.classes = classes;
            this.origins = origins;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            if (sibling != null) {
                origins.put(className, Path.of(sibling.toUri()).toAbsolutePath().normalize());
            }
            URI uri = URI.create("mem:///" + className.replace('.', '/') + kind.extension);
            return new SimpleJavaFileObject(uri, kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }

    /**
     * Loads the classes compiled in memory first, then the user's class directories and
     * jars, each only after {@code parent} (foliocheck's own classes) has not found it.
     */
    private static final class CompiledLoader extends URLClassLoader {
        private final Map<String, byte[]> compiled;

        CompiledLoader(Map<String, byte[]> compiled, List<URL> urls, ClassLoader parent) {
            super(LOADER_NAME, urls.toArray(new URL[0]), parent);
            this.compiled = compiled;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = compiled.get(name);
            return b != null ? defineClass(name, b, 0, b.length) : super.findClass(name);
        }
    }

    /** The class path javac needs for user code: foliocheck's own classes, then the JVM's class path. */
    static String ownClassPath() {
        List<String> parts = new ArrayList<>(ownClasses());
        String cp = System.getProperty("java.class.path", "");
        if (!cp.isEmpty()) {
            parts.add(cp);
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /** Where foliocheck's own classes are: its jar, or Maven's class directory in a build. */
    public static List<String> ownClasses() {
        List<String> parts = new ArrayList<>();
        for (Class<?> c : List.of(Design.class, UserCode.class, foliocheck.engine.Checker.class)) {
            try {
                String p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!parts.contains(p)) {
                    parts.add(p);
                }
            } catch (URISyntaxException | RuntimeException e) {
                // no code source (unusual class loader): the JVM's class path still applies
            }
        }
        return parts;
    }

    /** The classes compiled from source file {@code p} (its top-level classes and theirs nested), by name. */
    private static List<String> classNamesFrom(Map<String, Path> origins, Path p) {
        Path source = p.toAbsolutePath().normalize();
        List<String> names = new ArrayList<>();
        origins.forEach((name, from) -> {
            if (from.equals(source)) {
                names.add(name);
            }
        });
        java.util.Collections.sort(names);
        return names;
    }

    /** Every class in a directory tree or jar, sorted by name. */
    private static List<String> classNamesIn(Path p) throws Bad {
        List<String> names = new ArrayList<>();
        try {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path f : s.filter(x -> x.toString().endsWith(".class")).toList()) {
                        names.add(className(p.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(p.toFile())) {
                    for (JarEntry e : jar.stream().toList()) {
                        if (e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class")) {
                            names.add(className(e.getName()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new Bad("cannot read " + p + ": " + e.getMessage());
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    private static String className(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    private static Class<?> loadClass(ClassLoader loader, String name, Path p) throws Bad {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new Bad(p + ": cannot load " + name + ": " + e);
        }
    }

    private static Object instantiate(Class<?> c, Path p) throws Bad {
        try {
            Constructor<?> k = c.getConstructor();
            return k.newInstance();
        } catch (NoSuchMethodException e) {
            throw new Bad(p + ": " + c.getName() + " needs a public constructor without arguments");
        } catch (InvocationTargetException e) {
            throw new Bad(p + ": constructing " + c.getName() + " threw " + shown(e.getCause()) + where(e.getCause()));
        } catch (ExceptionInInitializerError e) {
            throw new Bad(p + ": initializing " + c.getName() + " threw " + shown(e.getCause()) + where(e.getCause()));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new Bad(p + ": cannot construct " + c.getName() + ": " + e);
        }
    }

    private static URL url(Path p) throws Bad {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new Bad("bad path " + p + ": " + e.getMessage());
        }
    }
}
