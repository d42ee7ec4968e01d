package foliocheck.jpf;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The constant pool and bootstrap methods of one class file (JVMS §4.1, §4.4, §4.7.23),
 * read with nothing but {@link DataInputStream}: enough to see which classes, methods and
 * bootstrap methods a class refers to. Knows every constant tag a Java 17 class file can hold.
 */
final class ClassFile {
    static final int UTF8 = 1;
    static final int INTEGER = 3;
    static final int FLOAT = 4;
    static final int LONG = 5;
    static final int DOUBLE = 6;
    static final int CLASS = 7;
    static final int STRING = 8;
    static final int FIELDREF = 9;
    static final int METHODREF = 10;
    static final int INTERFACE_METHODREF = 11;
    static final int NAME_AND_TYPE = 12;
    static final int METHOD_HANDLE = 15;
    static final int METHOD_TYPE = 16;
    static final int DYNAMIC = 17;
    static final int INVOKE_DYNAMIC = 18;
    static final int MODULE = 19;
    static final int PACKAGE = 20;

    /** A field or method a Fieldref, Methodref or InterfaceMethodref names. */
    record Member(int tag, String owner, String name, String descriptor) { }

    /** Class file major version (61 for Java 17). */
    final int major;
    /** Number of constant pool slots, slot 0 included. */
    final int poolCount;
    /** Tag of each slot; 0 for slot 0 and for the unusable slot after a long or double. */
    final int[] tag;
    /** First operand of each slot: an index, or the reference kind of a MethodHandle. */
    final int[] a;
    /** Second operand of each slot (an index), or 0. */
    final int[] b;
    /** The text of each Utf8 slot. */
    final String[] utf8;
    /** BootstrapMethods attribute: {@code [i][0]} is the MethodHandle, the rest its arguments. */
    final int[][] bootstrapMethods;
    /** This class's internal name, e.g. {@code foliocheck/model/Kernel}. */
    final String thisClass;

    static ClassFile read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.toString());
        }
    }

    static ClassFile read(InputStream stream, String what) throws IOException {
        return new ClassFile(new DataInputStream(stream), what);
    }

    private ClassFile(DataInputStream in, String what) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException(what + ": not a class file");
        }
        in.readUnsignedShort(); // minor
        major = in.readUnsignedShort();
        poolCount = in.readUnsignedShort();
        tag = new int[poolCount];
        a = new int[poolCount];
        b = new int[poolCount];
        utf8 = new String[poolCount];
        for (int i = 1; i < poolCount; i++) {
            int t = in.readUnsignedByte();
            tag[i] = t;
            switch (t) {
                case UTF8 -> utf8[i] = in.readUTF(); // u2 length + modified UTF-8, as readUTF expects
                case INTEGER, FLOAT -> in.readInt();
                case LONG, DOUBLE -> {
                    in.readLong();
                    i++; // takes two slots (JVMS §4.4.5)
                }
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> a[i] = in.readUnsignedShort();
                case FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
                    a[i] = in.readUnsignedShort();
                    b[i] = in.readUnsignedShort();
                }
                case METHOD_HANDLE -> {
                    a[i] = in.readUnsignedByte();
                    b[i] = in.readUnsignedShort();
                }
                default -> throw new IOException(what + ": unknown constant tag " + t + " at #" + i);
            }
        }
        in.readUnsignedShort(); // access flags
        thisClass = className(in.readUnsignedShort());
        in.readUnsignedShort(); // super class
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        skipMembers(in); // fields
        skipMembers(in); // methods
        int[][] bsm = new int[0][];
        int attributes = in.readUnsignedShort();
        for (int i = 0; i < attributes; i++) {
            String name = utf8[in.readUnsignedShort()];
            long length = in.readInt() & 0xFFFFFFFFL;
            if ("BootstrapMethods".equals(name)) {
                bsm = new int[in.readUnsignedShort()][];
                for (int m = 0; m < bsm.length; m++) {
                    int ref = in.readUnsignedShort();
                    int[] entry = new int[1 + in.readUnsignedShort()];
                    entry[0] = ref;
                    for (int k = 1; k < entry.length; k++) {
                        entry[k] = in.readUnsignedShort();
                    }
                    bsm[m] = entry;
                }
            } else {
                in.skipNBytes(length);
            }
        }
        bootstrapMethods = bsm;
    }

    private static void skipMembers(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            in.skipNBytes(6); // access flags, name, descriptor
            int attributes = in.readUnsignedShort();
            for (int k = 0; k < attributes; k++) {
                in.skipNBytes(2);
                in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
            }
        }
    }

    /** The internal name of Class constant {@code i}. */
    String className(int i) {
        check(i, CLASS);
        return utf8[a[i]];
    }

    /** The member a Fieldref, Methodref or InterfaceMethodref names. */
    Member member(int i) {
        if (tag[i] != FIELDREF && tag[i] != METHODREF && tag[i] != INTERFACE_METHODREF) {
            throw new IllegalArgumentException("#" + i + " is not a member reference but tag " + tag[i]);
        }
        int nat = b[i];
        check(nat, NAME_AND_TYPE);
        return new Member(tag[i], className(a[i]), utf8[a[nat]], utf8[b[nat]]);
    }

    /** The name of a Dynamic or InvokeDynamic constant ({@code equals}, {@code toString}, ...). */
    String dynamicName(int i) {
        check(b[i], NAME_AND_TYPE);
        return utf8[a[b[i]]];
    }

    /** The member the bootstrap method of Dynamic or InvokeDynamic constant {@code i} calls. */
    Member bootstrap(int i) {
        int handle = bootstrapMethods[a[i]][0];
        check(handle, METHOD_HANDLE);
        return member(b[handle]);
    }

    private void check(int i, int expected) {
        if (tag[i] != expected) {
            throw new IllegalArgumentException("#" + i + " has tag " + tag[i] + ", expected " + expected);
        }
    }
}
