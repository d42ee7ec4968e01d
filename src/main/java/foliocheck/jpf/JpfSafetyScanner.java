package foliocheck.jpf;

import foliocheck.check.UserCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds, in compiled classes, the Java constructs that Java PathFinder (jpf-core, java-17
 * branch) does not execute correctly, by reading each class file's constant pool.
 */
final class JpfSafetyScanner {
    private JpfSafetyScanner() { }

    /** One use of a forbidden construct: the class (binary name), what it is, what to write instead. */
    record Offence(String className, String construct, String hint) {
        @Override
        public String toString() {
            return className + ": " + construct + "  -- " + hint;
        }
    }

    private enum Kind {
        /** An invokedynamic (or dynamic constant) whose bootstrap method is in {@code owner}. */
        BOOTSTRAP,
        /** A call to or a method reference of {@code owner.name}. */
        CALL,
        /** Only a method reference (MethodHandle constant) of {@code owner.name}: direct calls are fine. */
        REFERENCE,
        /** Any use of the class {@code owner}. */
        TYPE
    }

    /**
     * A forbidden construct. {@code owner} and {@code name} may contain one {@code *}
     * matching any text (e.g. {@code comparing*}, {@code java/util/*Map}).
     */
    private record Rule(Kind kind, String owner, String name, String hint) { }

    private static final String THREADS = "plain Threads with start/join, synchronized/wait/notifyAll";

    /**
     * Everything model/ and properties/, and user code that foliocheck jpf runs, must not
     * use, in one place (docs/jpf.md names the kinds): add a construct here when a JPF run
     * shows it fails.
     */
    private static final List<Rule> FORBIDDEN = List.of(
            new Rule(Kind.BOOTSTRAP, "java/lang/runtime/ObjectMethods", "bootstrap",
                    "generated record method: JPF silently stops the thread; write equals/hashCode/toString by hand"),
            new Rule(Kind.CALL, "java/lang/String", "join", "concatenate in a loop with +"),
            new Rule(Kind.CALL, "java/lang/String", "strip", "trim(), or a loop over the characters"),
            new Rule(Kind.CALL, "java/lang/String", "stripLeading", "a loop over the characters"),
            new Rule(Kind.CALL, "java/lang/String", "stripTrailing", "a loop over the characters"),
            new Rule(Kind.CALL, "java/lang/String", "isBlank", "trim().isEmpty(): JPF's String has no isBlank"),
            // JPF's own String (its model class) has none of these either: NoSuchMethodError
            new Rule(Kind.CALL, "java/lang/String", "formatted", "String.format(s, args)"),
            new Rule(Kind.CALL, "java/lang/String", "lines", "indexOf('\\n') in a loop"),
            new Rule(Kind.CALL, "java/lang/String", "indent", "a loop over the lines, with +"),
            new Rule(Kind.CALL, "java/lang/String", "stripIndent", "a loop over the lines, with +"),
            new Rule(Kind.CALL, "java/lang/String", "translateEscapes", "the characters themselves in the literal"),
            new Rule(Kind.CALL, "java/lang/String", "transform", "call the function on the string"),
            new Rule(Kind.CALL, "java/lang/String", "chars", "charAt in a loop"),
            new Rule(Kind.CALL, "java/lang/String", "codePoints", "charAt in a loop"),
            new Rule(Kind.CALL, "java/util/Comparator", "comparing*", "a lambda (a, b) -> comparing the fields"),
            new Rule(Kind.CALL, "java/util/Comparator", "thenComparing*", "a lambda (a, b) -> comparing the fields"),
            new Rule(Kind.CALL, "java/util/function/Function", "andThen", "one lambda calling both functions"),
            new Rule(Kind.CALL, "java/util/function/Function", "compose", "one lambda calling both functions"),
            new Rule(Kind.CALL, "java/util/function/UnaryOperator", "andThen", "one lambda calling both functions"),
            new Rule(Kind.CALL, "java/util/function/UnaryOperator", "compose", "one lambda calling both functions"),
            new Rule(Kind.CALL, "java/util/function/BiFunction", "andThen", "one lambda calling both functions"),
            // AtomicInteger's fail, AtomicReference's throw a NullPointerException inside JPF,
            // the arrays' are missing (NoSuchMethodError)
            new Rule(Kind.CALL, "java/util/concurrent/atomic/Atomic*", "updateAndGet", "get/compareAndSet in a loop"),
            new Rule(Kind.CALL, "java/util/concurrent/atomic/Atomic*", "getAndUpdate", "get/compareAndSet in a loop"),
            new Rule(Kind.CALL, "java/util/concurrent/atomic/Atomic*", "accumulateAndGet",
                    "get/compareAndSet in a loop"),
            new Rule(Kind.CALL, "java/util/concurrent/atomic/Atomic*", "getAndAccumulate",
                    "get/compareAndSet in a loop"),
            new Rule(Kind.CALL, "java/util/stream/Collectors", "joining", "a loop appending with +"),
            new Rule(Kind.CALL, "java/util/stream/Collectors", "toUnmodifiable*", "Collectors.toList(), or a loop"),
            new Rule(Kind.CALL, "java/util/stream/Stream", "toList", "collect(Collectors.toList()), or a loop"),
            new Rule(Kind.CALL, "java/util/stream/IntStream", "boxed", "a loop adding to an ArrayList"),
            new Rule(Kind.CALL, "java/lang/Thread", "onSpinWait", "wait/notifyAll, or a blocked step"),
            new Rule(Kind.CALL, "java/util/*Map", "merge", "get, then put"),
            new Rule(Kind.REFERENCE, "java/lang/Integer", "sum", "a loop, or a lambda on ints: (a, b) -> a + b"),
            new Rule(Kind.REFERENCE, "java/lang/Integer", "max", "a loop, or a lambda on ints calling Math.max"),
            new Rule(Kind.REFERENCE, "java/lang/Integer", "min", "a loop, or a lambda on ints calling Math.min"),
            new Rule(Kind.CALL, "java/util/concurrent/locks/Condition", "await*", "synchronized with wait/notifyAll"),
            new Rule(Kind.TYPE, "java/util/concurrent/atomic/AtomicLong", "",
                    "AtomicInteger, or a long field under synchronized"),
            new Rule(Kind.TYPE, "java/util/concurrent/Executors", "", THREADS),
            new Rule(Kind.TYPE, "java/util/concurrent/ExecutorService", "", THREADS),
            new Rule(Kind.TYPE, "java/util/concurrent/CompletableFuture", "", THREADS),
            // JPF itself fails (IllegalAccessError in its Random peer); a model is deterministic anyway
            new Rule(Kind.TYPE, "java/util/Random", "", "a choice the checker explores (a step's outcomes)"),
            new Rule(Kind.TYPE, "java/util/concurrent/ThreadLocalRandom", "",
                    "a choice the checker explores (a step's outcomes)"));

    /** The class files under {@code dir}, recursively, in name order. */
    static List<Path> classFiles(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every offence in the class files under each directory, by class name, then constant pool order. */
    static List<Offence> scan(List<Path> dirs) {
        List<Offence> all = new ArrayList<>();
        for (Path dir : dirs) {
            for (Path f : classFiles(dir)) {
                try {
                    all.addAll(scan(ClassFile.read(f)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return all;
    }

    /**
     * Every offence in the user's classes: those compiled from their files in memory, by
     * class name, then the class files of each {@code --design-path} directory or jar, by
     * file name.
     */
    static List<Offence> scan(UserCode.Loaded user) throws IOException {
        return scan(user, null);
    }

    /**
     * Every offence in the user's classes that a JVM started from the classes named in
     * {@code roots} (binary names; null: every class) can load, in the order of
     * {@link #scan(UserCode.Loaded)}. A class can load those its constant pool names (its
     * superclass, interfaces, the owners of what it calls, and the types in its
     * descriptors, nested and enclosing classes too, so more than it needs at worst), and
     * those its string constants name: every Utf8 entry that is a class's name, or holds
     * one as {@code Lname;}, is followed. A class that can ask for a class by a name made at
     * run time ({@link #BY_NAME}: {@code Class.forName}, a class loader, reflection, a
     * service loader, ...) could load any, and so could the JDK when a jar or directory of
     * the class path holds service provider files: then every class is scanned.
     */
    static List<Offence> scan(UserCode.Loaded user, Collection<String> roots) throws IOException {
        Map<String, ClassFile> classes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : user.compiled().entrySet()) {
            add(classes, ClassFile.read(new ByteArrayInputStream(e.getValue()), e.getKey()));
        }
        boolean services = false;
        for (Path p : user.classPath()) {
            if (Files.isDirectory(p)) {
                services |= Files.isDirectory(p.resolve("META-INF/services"));
                for (Path f : classFiles(p)) {
                    add(classes, ClassFile.read(f));
                }
                continue;
            }
            try (JarFile jar = new JarFile(p.toFile())) {
                services |= jar.stream().anyMatch(e -> e.getName().startsWith("META-INF/services/"));
                List<JarEntry> entries = new ArrayList<>();
                jar.stream().filter(e -> e.getName().endsWith(".class") && !e.getName().endsWith("module-info.class"))
                        .forEach(entries::add);
                entries.sort(java.util.Comparator.comparing(JarEntry::getName));
                for (JarEntry e : entries) {
                    try (InputStream in = jar.getInputStream(e)) {
                        add(classes, ClassFile.read(new java.io.BufferedInputStream(in), p + "!" + e.getName()));
                    }
                }
            }
        }
        // A service provider file lets the JDK itself load classes it names: read them all.
        Set<String> reached = roots == null || services ? classes.keySet() : reachable(classes, roots);
        List<Offence> all = new ArrayList<>();
        for (Map.Entry<String, ClassFile> e : classes.entrySet()) {
            if (reached.contains(e.getKey())) {
                all.addAll(scan(e.getValue()));
            }
        }
        return all;
    }

    /** Adds {@code cf} under its internal name; the first of two with one name wins, as on a class path. */
    private static void add(Map<String, ClassFile> classes, ClassFile cf) {
        classes.putIfAbsent(cf.thisClass, cf);
    }

    /**
     * Methods through which a class named at run time may be loaded: past them, any class
     * may be. (A name in a string constant is followed as a reference, see {@link #reachable}.)
     */
    private static final List<Rule> BY_NAME = List.of(
            new Rule(Kind.CALL, "java/lang/Class", "forName", ""),
            new Rule(Kind.CALL, "*", "loadClass", ""),
            new Rule(Kind.CALL, "*", "defineClass", ""),
            new Rule(Kind.CALL, "*", "defineHiddenClass", ""),
            new Rule(Kind.CALL, "java/lang/invoke/MethodHandles$Lookup", "*", ""),
            new Rule(Kind.CALL, "java/lang/invoke/MethodType", "fromMethodDescriptorString", ""),
            new Rule(Kind.CALL, "java/lang/reflect/Method", "invoke", ""),
            new Rule(Kind.CALL, "java/util/ServiceLoader", "load*", ""),
            new Rule(Kind.CALL, "java/util/ResourceBundle", "getBundle", ""),
            new Rule(Kind.CALL, "java/beans/Beans", "instantiate", ""),
            new Rule(Kind.CALL, "java/beans/XMLDecoder", "readObject", ""),
            new Rule(Kind.CALL, "java/beans/Introspector", "*", ""),
            new Rule(Kind.CALL, "java/beans/PropertyEditorManager", "*", ""),
            new Rule(Kind.CALL, "java/beans/Statement", "*", ""),
            new Rule(Kind.CALL, "java/beans/Expression", "*", ""),
            new Rule(Kind.CALL, "java/beans/EventHandler", "*", ""),
            new Rule(Kind.CALL, "java/io/ObjectInput*", "read*", ""));

    /**
     * The internal names, among {@code classes}, of the roots and of every class they can
     * load (see {@link #scan(UserCode.Loaded, Collection)}).
     */
    private static Set<String> reachable(Map<String, ClassFile> classes, Collection<String> roots) {
        Set<String> reached = new LinkedHashSet<>();
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>();
        for (String r : roots) {
            work.add(r.replace('.', '/'));
        }
        while (!work.isEmpty()) {
            String name = work.poll();
            ClassFile cf = classes.get(name);
            if (cf == null || !reached.add(name)) {
                continue;   // not the user's (foliocheck's or the JDK's), or already seen
            }
            for (int i = 1; i < cf.poolCount; i++) {
                switch (cf.tag[i]) {
                    case ClassFile.UTF8 -> {
                        // Every name in the pool: a class constant's (its name is a Utf8 entry, "pkg/Name"),
                        // a string that names a class as reflection would ("pkg.Name")...
                        String u = cf.utf8[i];
                        work.add(u.replace('.', '/'));
                        // ...and the classes in descriptors, signatures and array class names: Lname;
                        // (conservative: any text of that shape)
                        for (int l = u.indexOf('L'); l >= 0; l = u.indexOf('L', l + 1)) {
                            int end = u.indexOf(';', l);
                            if (end < 0) {
                                break;
                            }
                            int generic = u.indexOf('<', l);
                            work.add(u.substring(l + 1, generic >= 0 && generic < end ? generic : end));
                        }
                    }
                    case ClassFile.METHODREF, ClassFile.INTERFACE_METHODREF -> {
                        ClassFile.Member m = cf.member(i);
                        for (Rule r : BY_NAME) {
                            if (glob(r.owner(), m.owner()) && glob(r.name(), m.name())) {
                                return classes.keySet();
                            }
                        }
                    }
                    default -> { }
                }
            }
        }
        return reached;
    }

    /** The class an array type's elements are of ({@code [[LKernel;} gives {@code Kernel}), or the name itself. */
    private static String elementType(String name) {
        int dims = 0;
        while (name.startsWith("[", dims)) {
            dims++;
        }
        return dims == 0 ? name : name.endsWith(";") ? name.substring(dims + 1, name.length() - 1) : "";
    }

    /** Every offence in one class, each construct once, in constant pool order. */
    static List<Offence> scan(ClassFile cf) {
        String cls = cf.thisClass.replace('/', '.');
        Set<Offence> found = new LinkedHashSet<>();
        boolean[] handled = new boolean[cf.poolCount];
        for (int i = 1; i < cf.poolCount; i++) {
            if (cf.tag[i] == ClassFile.METHOD_HANDLE) {
                handled[cf.b[i]] = true;
            }
        }
        for (int i = 1; i < cf.poolCount; i++) {
            switch (cf.tag[i]) {
                case ClassFile.INVOKE_DYNAMIC, ClassFile.DYNAMIC -> {
                    ClassFile.Member bsm = cf.bootstrap(i);
                    Rule r = match(Kind.BOOTSTRAP, bsm.owner(), bsm.name());
                    if (r != null) {
                        String what = cf.tag[i] == ClassFile.DYNAMIC ? "dynamic constant " : "invokedynamic ";
                        found.add(new Offence(cls, what + cf.dynamicName(i) + " bootstrapped by "
                                + bsm.owner() + "." + bsm.name(), r.hint()));
                    }
                }
                case ClassFile.METHODREF, ClassFile.INTERFACE_METHODREF -> {
                    ClassFile.Member m = cf.member(i);
                    Rule r = match(Kind.CALL, m.owner(), m.name());
                    if (r == null && handled[i]) {
                        r = match(Kind.REFERENCE, m.owner(), m.name());
                    }
                    if (r != null) {
                        String what = handled[i] ? "method reference " + m.owner() + "::" + m.name()
                                : "call to " + m.owner() + "." + m.name();
                        found.add(new Offence(cls, what, r.hint()));
                    }
                }
                case ClassFile.CLASS -> {
                    String name = elementType(cf.className(i));
                    Rule r = match(Kind.TYPE, name, "");
                    if (r != null) {
                        found.add(new Offence(cls, "uses class " + name, r.hint()));
                    }
                }
                case ClassFile.UTF8 -> {
                    // field and method descriptors and generic signatures: a field of a forbidden type
                    for (Rule r : FORBIDDEN) {
                        if (r.kind() == Kind.TYPE && cf.utf8[i].contains("L" + r.owner() + ";")) {
                            found.add(new Offence(cls, "uses class " + r.owner(), r.hint()));
                        }
                    }
                }
                default -> { }
            }
        }
        return List.copyOf(found);
    }

    private static Rule match(Kind kind, String owner, String name) {
        for (Rule r : FORBIDDEN) {
            if (r.kind() == kind && glob(r.owner(), owner) && (kind == Kind.TYPE || glob(r.name(), name))) {
                return r;
            }
        }
        return null;
    }

    /** Whether {@code s} matches {@code pattern}, where one {@code *} matches any text. */
    static boolean glob(String pattern, String s) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(s);
        }
        String head = pattern.substring(0, star);
        String tail = pattern.substring(star + 1);
        return s.length() >= head.length() + tail.length() && s.startsWith(head) && s.endsWith(tail);
    }
}
