package katas.testkit;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a compiled class calls, read from its class file (JVMS chapter 4, by hand): the methods and constructors in its
 * constant pool and the instructions of each method. For mistakes no behaviour can show in a test (a nonce from
 * {@code java.util.Random}, a comparison of secrets that returns at the first differing byte): a test can name the
 * call the learner's class makes. {@link #of(Class)} reads a class and its nest (nested, local, anonymous classes), so
 * a call moved into a lambda or a helper class is still seen. Immutable.
 */
public final class ClassCalls {

    /**
     * A method or constructor a class refers to: {@code owner} in internal form ({@code java/util/Random}),
     * {@code name} ({@code <init>} for a constructor) and {@code descriptor} ({@code ([B)V}).
     */
    public record Call(String owner, String name, String descriptor) {
        /** {@code java.util.Random.<init>}, the way a message shows it. */
        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name;
        }
    }

    /**
     * One method of the class: its name, descriptor, and the opcodes of its instructions in order (operands left
     * out; empty for an abstract or native method).
     */
    public record Method(String owner, String name, String descriptor, List<Integer> opcodes) {}

    /** JVM opcodes the checks look for. */
    public static final int IXOR = 0x82, IOR = 0x80, BALOAD = 0x33, IFEQ = 0x99, IFNE = 0x9a;

    /** JVM opcodes the checks look for. */
    public static final int IF_ICMPEQ = 0x9f, IF_ICMPNE = 0xa0;

    private final String className;
    private final Set<Call> calls;
    private final Set<String> classes;
    private final List<Method> methods;

    private ClassCalls(String className, Set<Call> calls, Set<String> classes, List<Method> methods) {
        this.className = className;
        this.calls = Collections.unmodifiableSet(calls);
        this.classes = Collections.unmodifiableSet(classes);
        this.methods = Collections.unmodifiableList(methods);
    }

    /**
     * Reads {@code type}'s class file, and those of the members of its nest, through its class loader.
     *
     * @throws IllegalArgumentException if a class file cannot be found or read
     * @throws NullPointerException if {@code type} is null
     */
    public static ClassCalls of(Class<?> type) {
        Objects.requireNonNull(type, "type must not be null");
        Set<Call> calls = new LinkedHashSet<>();
        Set<String> classes = new LinkedHashSet<>();
        List<Method> methods = new ArrayList<>();
        for (Class<?> member : type.getNestMembers()) {
            ClassCalls one = read(member);
            calls.addAll(one.calls);
            classes.addAll(one.classes);
            methods.addAll(one.methods);
        }
        return new ClassCalls(type.getName(), calls, classes, methods);
    }

    private static ClassCalls read(Class<?> type) {
        String file = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file " + file + " beside " + type.getName());
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class file of " + type.getName(), e);
        }
    }

    /**
     * Reads one class file.
     *
     * @throws IOException if the stream fails, or what it holds is not a class file
     */
    public static ClassCalls read(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file: it does not start with 0xCAFEBABE");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> refs[i] = new int[] {in.readUnsignedByte(), in.readUnsignedShort()};
                default -> throw new IOException("unknown constant pool tag " + tag + " at " + i);
            }
        }
        Set<Call> calls = new LinkedHashSet<>();
        Set<String> classes = new LinkedHashSet<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] == 7) {
                classes.add((String) pool[refs[i][0]]);
            } else if (tags[i] == 10 || tags[i] == 11) {
                String owner = (String) pool[refs[refs[i][0]][0]];
                int[] nameAndType = refs[refs[i][1]];
                calls.add(new Call(owner, (String) pool[nameAndType[0]], (String) pool[nameAndType[1]]));
            }
        }
        in.readUnsignedShort(); // access flags
        String self = (String) pool[refs[in.readUnsignedShort()][0]];
        in.readUnsignedShort(); // super class
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        List<Method> methods = new ArrayList<>();
        int methodCount = in.readUnsignedShort();
        for (int m = 0; m < methodCount; m++) {
            in.readUnsignedShort();
            String name = (String) pool[in.readUnsignedShort()];
            String descriptor = (String) pool[in.readUnsignedShort()];
            List<Integer> opcodes = List.of();
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = (String) pool[in.readUnsignedShort()];
                int length = in.readInt();
                if (attribute.equals("Code")) {
                    in.readUnsignedShort(); // max stack
                    in.readUnsignedShort(); // max locals
                    byte[] code = new byte[in.readInt()];
                    in.readFully(code);
                    opcodes = opcodes(code);
                    in.skipNBytes(length - 8 - code.length);
                } else {
                    in.skipNBytes(length);
                }
            }
            methods.add(new Method(self, name, descriptor, opcodes));
        }
        return new ClassCalls(self.replace('/', '.'), calls, classes, methods);
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipNBytes(Integer.toUnsignedLong(in.readInt()));
        }
    }

    /** The opcodes of a method's code, in order. */
    static List<Integer> opcodes(byte[] code) throws IOException {
        List<Integer> opcodes = new ArrayList<>();
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xff;
            opcodes.add(op);
            pc += length(code, pc, op);
        }
        return Collections.unmodifiableList(opcodes);
    }

    /** The length in bytes of the instruction at {@code pc}, operands included. */
    private static int length(byte[] code, int pc, int op) throws IOException {
        switch (op) {
            case 0x10, 0x12, 0x15, 0x16, 0x17, 0x18, 0x19, 0x36, 0x37, 0x38, 0x39, 0x3a, 0xa9, 0xbc:
                return 2;
            case 0x11, 0x13, 0x14, 0x84, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1, 0xc6, 0xc7:
                return 3;
            case 0xc5:
                return 4;
            case 0xb9, 0xba, 0xc8, 0xc9:
                return 5;
            case 0xc4: // wide
                return (code[pc + 1] & 0xff) == 0x84 ? 6 : 4;
            case 0xaa: { // tableswitch
                int at = (pc + 4) & ~3;
                int low = readInt(code, at + 4);
                int high = readInt(code, at + 8);
                return at + 12 + 4 * (high - low + 1) - pc;
            }
            case 0xab: { // lookupswitch
                int at = (pc + 4) & ~3;
                int pairs = readInt(code, at + 4);
                return at + 8 + 8 * pairs - pc;
            }
            default:
                if (op >= 0x99 && op <= 0xa8) {
                    return 3; // if<cond>, if_icmp<cond>, if_acmp<cond>, goto, jsr
                }
                if (op > 0xc9 && op != 0xca) {
                    throw new IOException("unknown opcode 0x" + Integer.toHexString(op) + " at " + pc);
                }
                return 1;
        }
    }

    private static int readInt(byte[] code, int at) {
        return ((code[at] & 0xff) << 24)
                | ((code[at + 1] & 0xff) << 16)
                | ((code[at + 2] & 0xff) << 8)
                | (code[at + 3] & 0xff);
    }

    /** The class read, such as {@code katas.processqueue.Handshake}. */
    public String className() {
        return className;
    }

    /** Every method and constructor the class (and its nest) refers to. */
    public Set<Call> calls() {
        return calls;
    }

    /** Every class the class (and its nest) names in its constant pool, in internal form. */
    public Set<String> classes() {
        return classes;
    }

    /** The class's methods (and its nest's), each with its opcodes. */
    public List<Method> methods() {
        return methods;
    }

    /** The calls to {@code owner}'s methods named {@code name} (any descriptor); {@code "*"} matches any name. */
    public List<Call> callsTo(String owner, String name) {
        return calls.stream()
                .filter(c ->
                        c.owner().equals(owner) && (name.equals("*") || c.name().equals(name)))
                .collect(Collectors.toList());
    }

    /** Whether the class calls {@code owner.name} (any descriptor; {@code "*"}: any method of {@code owner}). */
    public boolean calls(String owner, String name) {
        return !callsTo(owner, name).isEmpty();
    }

    /** Whether the class calls a method named {@code name} with {@code descriptor}, of any owner. */
    public boolean callsNamed(String name, String descriptor) {
        return calls.stream()
                .anyMatch(c -> c.name().equals(name) && c.descriptor().equals(descriptor));
    }

    /**
     * Whether some method has the instructions {@code first} and then {@code second} with at most {@code gap}
     * instructions between them.
     */
    public boolean hasSequence(int first, int second, int gap) {
        for (Method method : methods) {
            List<Integer> ops = method.opcodes();
            for (int i = 0; i < ops.size(); i++) {
                if (ops.get(i) != first) {
                    continue;
                }
                for (int j = i + 1; j < ops.size() && j <= i + 1 + gap; j++) {
                    if (ops.get(j) == second) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
