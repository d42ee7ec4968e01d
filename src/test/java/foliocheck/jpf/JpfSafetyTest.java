package foliocheck.jpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import foliocheck.jpf.fixtures.GeneratedRecord;
import foliocheck.model.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The model and its properties must run under Java PathFinder too (docs/jpf.md), but CI
 * has no JPF: this test reads the compiled classes of
 * {@code foliocheck.model}, {@code foliocheck.model.designs} and {@code foliocheck.properties}
 * and fails on every construct JPF is known to get wrong (the list is in
 * {@link JpfSafetyScanner}).
 */
class JpfSafetyTest {

    @Test
    void modelAndPropertiesUseOnlyWhatJpfRuns() {
        Path model = packageDir(Kernel.class);
        Path properties = model.getParent().resolve("properties");
        List<Path> classes = new ArrayList<>(JpfSafetyScanner.classFiles(model));
        classes.addAll(JpfSafetyScanner.classFiles(properties));
        // not vacuous: the three packages are really there
        for (String c : List.of("model/Kernel.class", "model/State.class", "model/designs/Legacy.class",
                "properties/Invariants.class", "properties/Witnesses.class")) {
            assertTrue(classes.contains(model.getParent().resolve(c)), "not found: " + c + " in " + classes);
        }

        List<JpfSafetyScanner.Offence> offences = JpfSafetyScanner.scan(List.of(model, properties));
        if (!offences.isEmpty()) {
            StringBuilder msg = new StringBuilder(offences.size() + " construct(s) in model/ or properties/ that"
                    + " Java PathFinder does not run correctly (see docs/jpf.md):");
            for (JpfSafetyScanner.Offence o : offences) {
                msg.append("\n  ").append(o);
            }
            fail(msg.toString());
        }
    }

    @Test
    void scannerReportsEachForbiddenConstructInFixtures() {
        String cm = "call to java/util/concurrent/locks/Condition.";
        String om = " bootstrapped by java/lang/runtime/ObjectMethods.bootstrap";
        Map<String, Set<String>> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("GeneratedRecord", Set.of("invokedynamic equals" + om, "invokedynamic hashCode" + om,
                        "invokedynamic toString" + om)),
                Map.entry("UsesStringJoin", Set.of("call to java/lang/String.join")),
                Map.entry("UsesStrip", Set.of("call to java/lang/String.strip", "call to java/lang/String.stripLeading",
                        "call to java/lang/String.stripTrailing")),
                Map.entry("UsesComparing", Set.of("call to java/util/Comparator.comparing",
                        "call to java/util/Comparator.comparingInt")),
                Map.entry("UsesFunctionAndThen", Set.of("call to java/util/function/Function.andThen",
                        "call to java/util/function/Function.compose")),
                Map.entry("UsesAtomicUpdate", Set.of("call to java/util/concurrent/atomic/AtomicInteger.updateAndGet",
                        "call to java/util/concurrent/atomic/AtomicInteger.getAndUpdate",
                        "call to java/util/concurrent/atomic/AtomicInteger.accumulateAndGet")),
                Map.entry("UsesCollectorsJoining", Set.of("call to java/util/stream/Collectors.joining")),
                Map.entry("UsesNewerStringMethods", Set.of("call to java/lang/String.formatted",
                        "call to java/lang/String.lines", "call to java/lang/String.indent",
                        "call to java/lang/String.stripIndent", "call to java/lang/String.translateEscapes",
                        "call to java/lang/String.transform", "call to java/lang/String.chars",
                        "call to java/lang/String.codePoints")),
                Map.entry("UsesAtomicReferenceUpdate", Set.of(
                        "call to java/util/concurrent/atomic/AtomicReference.updateAndGet",
                        "call to java/util/concurrent/atomic/AtomicReference.getAndAccumulate",
                        "call to java/util/concurrent/atomic/AtomicIntegerArray.getAndUpdate")),
                Map.entry("UsesStreamToList", Set.of("call to java/util/stream/Stream.toList",
                        "call to java/util/stream/Collectors.toUnmodifiableList",
                        "call to java/util/stream/IntStream.boxed")),
                Map.entry("UsesRandom", Set.of("call to java/lang/Thread.onSpinWait", "uses class java/util/Random",
                        "uses class java/util/concurrent/ThreadLocalRandom")),
                Map.entry("UsesMapMerge", Set.of("call to java/util/Map.merge", "call to java/util/HashMap.merge")),
                Map.entry("UsesIntegerSum", Set.of("method reference java/lang/Integer::sum",
                        "method reference java/lang/Integer::max", "method reference java/lang/Integer::min")),
                Map.entry("UsesConditionAwait", Set.of(cm + "await", cm + "awaitNanos")),
                Map.entry("UsesExecutors", Set.of("uses class java/util/concurrent/Executors",
                        "uses class java/util/concurrent/ExecutorService",
                        "uses class java/util/concurrent/CompletableFuture",
                        "uses class java/util/concurrent/atomic/AtomicLong")),
                Map.entry("AtomicLongField", Set.of("uses class java/util/concurrent/atomic/AtomicLong")),
                Map.entry("HandWrittenRecord", Set.of()),
                Map.entry("CleanModel", Set.of())));

        Path fixtures = packageDir(GeneratedRecord.class);
        Map<String, Set<String>> reported = new TreeMap<>();
        for (Path f : JpfSafetyScanner.classFiles(fixtures)) {
            String name = f.getFileName().toString().replace(".class", "");
            reported.put(name, new LinkedHashSet<>());
        }
        for (JpfSafetyScanner.Offence o : JpfSafetyScanner.scan(List.of(fixtures))) {
            String prefix = "foliocheck.jpf.fixtures.";
            assertTrue(o.className().startsWith(prefix), o.toString());
            assertTrue(!o.hint().isEmpty(), "no hint: " + o);
            reported.get(o.className().substring(prefix.length())).add(o.construct());
        }
        for (String name : expected.keySet()) {
            assertTrue(reported.containsKey(name), "fixture not compiled or not scanned: " + name);
        }
        for (Map.Entry<String, Set<String>> e : reported.entrySet()) {
            // lambdas and clean classes report nothing: anything unlisted must be clean
            assertEquals(expected.getOrDefault(e.getKey(), Set.of()), e.getValue(), "offences of " + e.getKey());
        }
    }

    @Test
    void cleanFixturesReportNothing() throws IOException {
        Path fixtures = packageDir(GeneratedRecord.class);
        for (String clean : List.of("HandWrittenRecord.class", "CleanModel.class")) {
            assertEquals(List.of(), JpfSafetyScanner.scan(ClassFile.read(fixtures.resolve(clean))), clean);
        }
    }

    /** A hand-built class file holding one constant of every Java 17 tag, long and double taking two slots. */
    @Test
    void readerHandlesEveryConstantTag() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(61);
        out.writeShort(29); // constant pool count: slots 1..28
        utf8(out, "foliocheck/jpf/Synthetic");                     // #1
        ref(out, ClassFile.CLASS, 1);                               // #2
        out.writeByte(ClassFile.INTEGER);                           // #3
        out.writeInt(42);
        out.writeByte(ClassFile.FLOAT);                             // #4
        out.writeFloat(1.5f);
        out.writeByte(ClassFile.LONG);                              // #5 and #6
        out.writeLong(Long.MIN_VALUE);
        out.writeByte(ClassFile.DOUBLE);                            // #7 and #8
        out.writeDouble(2.0);
        ref(out, ClassFile.STRING, 1);                              // #9
        utf8(out, "run");                                           // #10
        utf8(out, "()V");                                           // #11
        refs(out, ClassFile.NAME_AND_TYPE, 10, 11);                 // #12
        refs(out, ClassFile.FIELDREF, 2, 12);                       // #13
        refs(out, ClassFile.METHODREF, 2, 12);                      // #14
        refs(out, ClassFile.INTERFACE_METHODREF, 2, 12);            // #15
        out.writeByte(ClassFile.METHOD_HANDLE);                     // #16: REF_invokeStatic #14
        out.writeByte(6);
        out.writeShort(14);
        ref(out, ClassFile.METHOD_TYPE, 11);                        // #17
        refs(out, ClassFile.DYNAMIC, 0, 12);                        // #18: bootstrap 0
        refs(out, ClassFile.INVOKE_DYNAMIC, 1, 12);                 // #19: bootstrap 1
        ref(out, ClassFile.MODULE, 1);                              // #20
        ref(out, ClassFile.PACKAGE, 1);                             // #21
        utf8(out, "BootstrapMethods");                              // #22
        utf8(out, "java/lang/runtime/ObjectMethods");               // #23
        ref(out, ClassFile.CLASS, 23);                              // #24
        utf8(out, "bootstrap");                                     // #25
        refs(out, ClassFile.NAME_AND_TYPE, 25, 11);                 // #26
        refs(out, ClassFile.METHODREF, 24, 26);                     // #27
        out.writeByte(ClassFile.METHOD_HANDLE);                     // #28: REF_invokeStatic #27
        out.writeByte(6);
        out.writeShort(27);
        out.writeShort(0x0011); // access
        out.writeShort(2); // this
        out.writeShort(2); // super
        out.writeShort(1); // interfaces
        out.writeShort(2);
        for (int members = 0; members < 2; members++) { // one field, one method, each with an attribute
            out.writeShort(1);
            out.writeShort(0x0001);
            out.writeShort(10);
            out.writeShort(11);
            out.writeShort(1);
            out.writeShort(10);
            out.writeInt(3);
            out.write(new byte[] {1, 2, 3});
        }
        out.writeShort(2); // class attributes: one to skip, then BootstrapMethods
        out.writeShort(10);
        out.writeInt(2);
        out.writeShort(0xFFFF);
        out.writeShort(22);
        out.writeInt(2 + 6 + 4);
        out.writeShort(2);
        out.writeShort(16); // bootstrap 0: #16 with one argument, #3
        out.writeShort(1);
        out.writeShort(3);
        out.writeShort(28); // bootstrap 1: #28, no arguments
        out.writeShort(0);
        out.flush();

        ClassFile cf = ClassFile.read(new ByteArrayInputStream(bytes.toByteArray()), "synthetic");
        assertEquals(61, cf.major);
        assertEquals("foliocheck/jpf/Synthetic", cf.thisClass);
        assertArrayEquals(new int[] {0, 1, 7, 3, 4, 5, 0, 6, 0, 8, 1, 1, 12, 9, 10, 11, 15, 16, 17, 18, 19, 20,
                1, 1, 7, 1, 12, 10, 15}, cf.tag);
        assertEquals(new ClassFile.Member(ClassFile.METHODREF, "foliocheck/jpf/Synthetic", "run", "()V"),
                cf.member(14));
        assertEquals(new ClassFile.Member(ClassFile.FIELDREF, "foliocheck/jpf/Synthetic", "run", "()V"),
                cf.member(13));
        assertEquals("java/lang/runtime/ObjectMethods", cf.className(24));
        assertArrayEquals(new int[] {16, 3}, cf.bootstrapMethods[0]);
        assertArrayEquals(new int[] {28}, cf.bootstrapMethods[1]);
        assertEquals("run", cf.dynamicName(19));
        assertEquals("foliocheck/jpf/Synthetic", cf.bootstrap(18).owner());
        assertEquals("java/lang/runtime/ObjectMethods", cf.bootstrap(19).owner());
        assertEquals(List.of(new JpfSafetyScanner.Offence("foliocheck.jpf.Synthetic",
                        "invokedynamic run bootstrapped by java/lang/runtime/ObjectMethods.bootstrap",
                        "generated record method: JPF silently stops the thread;"
                                + " write equals/hashCode/toString by hand")),
                JpfSafetyScanner.scan(cf));

        // and a real one with Module and Package constants: java.base's module-info
        try (InputStream in = Object.class.getModule().getResourceAsStream("module-info.class")) {
            ClassFile mi = ClassFile.read(in, "java.base module-info");
            assertEquals("module-info", mi.thisClass);
            boolean module = false;
            boolean pkg = false;
            for (int t : mi.tag) {
                module |= t == ClassFile.MODULE;
                pkg |= t == ClassFile.PACKAGE;
            }
            assertTrue(module && pkg, "java.base module-info has Module and Package constants");
        }
    }

    private static void utf8(DataOutputStream out, String s) throws IOException {
        out.writeByte(ClassFile.UTF8);
        out.writeUTF(s);
    }

    private static void ref(DataOutputStream out, int tag, int index) throws IOException {
        out.writeByte(tag);
        out.writeShort(index);
    }

    private static void refs(DataOutputStream out, int tag, int first, int second) throws IOException {
        out.writeByte(tag);
        out.writeShort(first);
        out.writeShort(second);
    }

    /** The directory holding {@code c}'s class file (target/classes/... under Maven). */
    private static Path packageDir(Class<?> c) {
        URL url = c.getResource(c.getSimpleName() + ".class");
        assertTrue(url != null && "file".equals(url.getProtocol()),
                "compiled classes must be a directory, not " + url);
        try {
            Path dir = Path.of(url.toURI()).getParent();
            assertTrue(Files.isDirectory(dir), dir.toString());
            return dir;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
