package katas.kit.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Small main classes that the segment tests run in child JVMs. Each does one thing. */
final class SegmentFixtures {

    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private SegmentFixtures() {}

    /**
     * {@code <name> <size> <offset> <value>}: opens the segment, prints the long at the offset, writes the value there,
     * closes.
     */
    public static final class OpenAndWrite {
        public static void main(String[] args) throws Exception {
            int offset = Integer.parseInt(args[2]);
            try (Segment segment = Segment.open(args[0], Long.parseLong(args[1]))) {
                System.out.println((long) LONGS.getVolatile(segment.buffer(), offset));
                LONGS.setVolatile(segment.buffer(), offset, Long.parseLong(args[3]));
            }
        }
    }

    /** {@code <label> <value>}: creates a segment of 8 bytes, writes the value, prints its name, closes (no unlink). */
    public static final class CreateAndLeave {
        public static void main(String[] args) throws Exception {
            try (Segment segment = Segment.create(args[0], 8)) {
                LONGS.setVolatile(segment.buffer(), 0, Long.parseLong(args[1]));
                System.out.println(segment.name());
            }
        }
    }
}
