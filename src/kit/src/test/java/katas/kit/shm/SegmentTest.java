package katas.kit.shm;

import static katas.kit.shm.SegmentFixtures.LONGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import katas.kit.process.ChildJvm;
import katas.kit.process.ChildProcess;
import katas.kit.process.KitFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Segment: named shared memory, owner-only files, checked names, sizes and headers, close and unlink")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SegmentTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Every segment and file a test makes, closed and deleted after it whatever happened. */
    private final List<Segment> segments = new ArrayList<>();

    private final List<Path> files = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        for (Segment s : segments) {
            s.close();
            s.unlink();
        }
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }

    private Segment create(String label, long size) throws IOException {
        Segment s = Segment.create(label, size);
        segments.add(s);
        return s;
    }

    private Segment open(String name, long size) throws IOException {
        Segment s = Segment.open(name, size);
        segments.add(s);
        return s;
    }

    @Test
    @DisplayName("create makes an rw------- file katas-<pid>-<run id>-shm-<label> of header + size bytes, data all 0")
    void create() throws IOException {
        Segment segment = create("counter", 64);
        String name = segment.name();
        assertThat(name)
                .as("the name of a new segment")
                .isEqualTo(KitFiles.PREFIX + ProcessHandle.current().pid() + "-" + KitFiles.runId() + "-shm-counter");
        assertThat(KitFiles.isOurRun(name)).as("KitFiles.isOurRun(its name)").isTrue();
        assertThat(KitFiles.ownerPid(name))
                .as("KitFiles.ownerPid(its name)")
                .isEqualTo(ProcessHandle.current().pid());
        assertThat(segment.path()).as("its file").isEqualTo(Segment.directory().resolve(name));
        assertThat(KitFiles.directories())
                .as("where the kit's sweep and the hygiene check look")
                .contains(Segment.directory());
        if (Files.isWritable(Paths.get("/dev/shm"))) {
            assertThat(Segment.directory()).as("the segment directory on Linux").isEqualTo(Paths.get("/dev/shm"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(segment.path())))
                .as("permissions of a segment file: owner only, whatever the umask")
                .isEqualTo("rw-------");
        assertThat(Files.size(segment.path()))
                .as("file size: the header and the data")
                .isEqualTo(Segment.HEADER_BYTES + 64);
        ByteBuffer data = segment.buffer();
        assertThat(data.capacity()).as("buffer() capacity: the data only").isEqualTo(64);
        assertThat(data.order()).as("buffer() byte order").isEqualTo(ByteOrder.nativeOrder());
        for (int i = 0; i < 64; i += 8) {
            assertThat(data.getLong(i))
                    .as("data long at %d of a new segment", i)
                    .isZero();
        }
        assertThat(segment.isCreator()).as("isCreator() of the creator").isTrue();
        assertThat(Segment.openInThisJvm()).as("openInThisJvm()").contains(name);
    }

    @Test
    @DisplayName("two mappings of one segment are one memory: what one writes the other reads; atomic adds add up")
    void twoMappingsShareMemory() throws Exception {
        Segment first = create("shared", 16);
        Segment second = open(first.name(), 16);
        assertThat(second.isCreator()).as("isCreator() of an opener").isFalse();
        LONGS.setVolatile(first.buffer(), 8, 42L);
        assertThat((long) LONGS.getVolatile(second.buffer(), 8))
                .as("read through the second mapping after a write through the first")
                .isEqualTo(42L);
        int each = 200_000;
        Thread a = adder(first.buffer(), each);
        Thread b = adder(second.buffer(), each);
        a.start();
        b.start();
        a.join(WAIT.toMillis());
        b.join(WAIT.toMillis());
        assertThat(a.isAlive() || b.isAlive()).as("adders still running").isFalse();
        assertThat((long) LONGS.getVolatile(first.buffer(), 0))
                .as("getAndAdd(1) %,d times through each of two mappings of one file", each)
                .isEqualTo(2L * each);
    }

    private static Thread adder(ByteBuffer buffer, int times) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < times; i++) {
                LONGS.getAndAdd(buffer, 0, 1L);
            }
        });
        t.setDaemon(true);
        return t;
    }

    @Test
    @DisplayName("another process opens it by name: it reads what this one wrote, and this one reads what it wrote")
    void anotherProcessOpensItByName() throws Exception {
        Segment segment = create("by-name", 24);
        LONGS.setVolatile(segment.buffer(), 16, 7L);
        try (ChildProcess child = ChildJvm.main(SegmentFixtures.OpenAndWrite.class)
                .args(segment.name(), "24", "16", "99")
                .shortLived()
                .start()) {
            child.awaitSuccess(WAIT);
            assertThat(child.stdoutText().strip())
                    .as("what the child read at offset 16")
                    .isEqualTo("7");
        }
        assertThat((long) LONGS.getVolatile(segment.buffer(), 16))
                .as("what this JVM reads at offset 16 after the child wrote 99 there")
                .isEqualTo(99L);
    }

    @Test
    @DisplayName("a segment a child JVM creates is named for the child's pid and this JVM's run, and outlives it")
    void childSegmentsBelongToThisRun() throws Exception {
        String name;
        long pid;
        try (ChildProcess child = ChildJvm.main(SegmentFixtures.CreateAndLeave.class)
                .args("from-child", "5")
                .shortLived()
                .start()) {
            child.awaitSuccess(WAIT);
            name = child.stdoutText().strip();
            pid = child.pid();
        }
        files.add(Segment.directory().resolve(name));
        assertThat(KitFiles.ownerPid(name))
                .as("owner pid in the child's segment name")
                .isEqualTo(pid);
        assertThat(KitFiles.runId(name))
                .as("run id in the child's segment name")
                .hasValue(KitFiles.runId());
        Segment segment = open(name, 8);
        assertThat((long) LONGS.getVolatile(segment.buffer(), 0))
                .as("the value the child wrote before it exited")
                .isEqualTo(5L);
    }

    @Test
    @DisplayName("create never overwrites: a second create of the same label fails, the first segment is untouched")
    void createRefusesToOverwrite() throws IOException {
        Segment first = create("taken", 8);
        LONGS.setVolatile(first.buffer(), 0, 11L);
        assertThatThrownBy(() -> create("taken", 8))
                .as("Segment.create of a label this JVM made already")
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining(first.name())
                .hasMessageContaining("exists already")
                .hasMessageContaining("unlinked");
        assertThat((long) LONGS.getVolatile(first.buffer(), 0))
                .as("the existing segment's data")
                .isEqualTo(11L);
        assertThat(Files.size(first.path())).as("the existing file's size").isEqualTo(Segment.HEADER_BYTES + 8);
    }

    @Test
    @DisplayName("labels that are empty, not plain, too long, or could escape the directory are refused, naming why")
    void badLabels() {
        assertThatThrownBy(() -> Segment.create(null, 8))
                .as("create(null, 8)")
                .isInstanceOf(NullPointerException.class);
        String[][] bad = {
            {"", "is empty"},
            {"a/b", "path separator"},
            {"a\\b", "path separator"},
            {"..", "'..'"},
            {"../x", "path separator"},
            {"x..y", "'..'"},
            {".hidden", "starts with '.'"},
            {"with space", "other than letters"},
            {"tab\there", "other than letters"},
            {"x".repeat(Segment.MAX_LABEL_LENGTH + 1), "characters long"},
        };
        for (String[] b : bad) {
            assertThatThrownBy(() -> Segment.create(b[0], 8))
                    .as("create(\"%s\", 8)", b[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("segment label")
                    .hasMessageContaining(b[1]);
        }
        assertThat(Segment.openInThisJvm())
                .as("segments open after refused creates")
                .isEmpty();
    }

    @Test
    @DisplayName("sizes that are not positive, not a multiple of 8 or over 16 MiB are refused, naming why")
    void badSizes() throws IOException {
        Object[][] bad = {
            {0L, "must be positive"},
            {-8L, "must be positive"},
            {12L, "multiple of 8"},
            {Segment.MAX_SIZE + 8, "over the limit"},
        };
        for (Object[] b : bad) {
            long size = (Long) b[0];
            assertThatThrownBy(() -> Segment.create("sized", size))
                    .as("create(\"sized\", %d)", size)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("segment size")
                    .hasMessageContaining((String) b[1]);
            assertThatThrownBy(() -> Segment.open(KitFiles.fileName("shm-sized"), size))
                    .as("open(..., %d)", size)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining((String) b[1]);
        }
        Segment largest = create("largest", Segment.MAX_SIZE);
        assertThat(largest.buffer().capacity())
                .as("a segment of the largest size")
                .isEqualTo(Segment.MAX_SIZE);
    }

    @Test
    @DisplayName("open refuses a missing segment, a wrong size, a name that is not a segment's, another run's")
    void openRefuses() throws IOException {
        Segment segment = create("opened", 16);
        assertThatThrownBy(() -> Segment.open(KitFiles.fileName("shm-never-made"), 16))
                .as("open of a segment that was never created")
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("no segment named")
                .hasMessageContaining("never created");
        assertThatThrownBy(() -> Segment.open(segment.name(), 8))
                .as("open with 8 bytes of a segment of 16")
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("holds 16 bytes of data, not the 8 you asked for");
        assertThatThrownBy(() -> Segment.open(segment.path().toString(), 16))
                .as("open with a path instead of a name")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never a path");
        assertThatThrownBy(() -> Segment.open("counter", 16))
                .as("open with a label instead of the creator's name()")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a segment name");
        assertThatThrownBy(() -> Segment.open(null, 16)).as("open(null, 16)").isInstanceOf(NullPointerException.class);
        String otherRun = KitFiles.runId().equals("0badc0de") ? "0badbeef" : "0badc0de";
        String foreign = KitFiles.PREFIX + ProcessHandle.current().pid() + "-" + otherRun + "-shm-opened";
        assertThatThrownBy(() -> Segment.open(foreign, 16))
                .as("open of a segment named for another run")
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("another run");
        assertThat(Segment.openInThisJvm())
                .as("segments open after refused opens: only the one created")
                .containsExactly(segment.name());
    }

    @Test
    @DisplayName("open refuses a symbolic link in the segment's place, naming its path and saying it is a link")
    void openRefusesASymbolicLink() throws IOException {
        Segment target = create("link-target", 16);
        for (Path pointsTo : new Path[] {target.path(), Segment.directory().resolve("katas-nowhere")}) {
            String name = KitFiles.fileName("shm-planted-link");
            Path link = Segment.directory().resolve(name);
            files.add(link);
            Files.createSymbolicLink(link, pointsTo);
            assertThatThrownBy(() -> Segment.open(name, 16))
                    .as("open of a segment name that is a symbolic link to %s", pointsTo)
                    .isInstanceOf(SegmentException.class)
                    .hasMessageContaining(link.toString())
                    .hasMessageContaining("symbolic link, refused");
            Files.delete(link);
        }
        assertThat(Segment.openInThisJvm())
                .as("segments open after refused opens of links: only the one created")
                .containsExactly(target.name());
    }

    @Test
    @DisplayName("open checks the header before it trusts a byte: magic number, layout, run id, the file's length")
    void openChecksTheHeader() throws IOException {
        Segment good = create("model", 16);
        byte[] header = new byte[Segment.HEADER_BYTES + 16];
        try (FileChannel c = FileChannel.open(good.path(), StandardOpenOption.READ)) {
            c.read(ByteBuffer.wrap(header), 0);
        }
        assertForged("not-kata", header, h -> h.putLong(SegmentHeader.MAGIC_AT, 0x1234L), 16, "magic number");
        assertForged("old-layout", header, h -> h.putInt(SegmentHeader.VERSION_AT, 99), 16, "layout 99");
        assertForged(
                "other-run",
                header,
                h -> h.put(SegmentHeader.RUN_AT, "ffffffff".getBytes(StandardCharsets.US_ASCII)),
                16,
                "its header says run");
        assertForged("says-32", header, h -> h.putLong(SegmentHeader.DATA_SIZE_AT, 32), 16, "holds 32 bytes of data");
        byte[] cut = java.util.Arrays.copyOf(header, Segment.HEADER_BYTES + 8);
        assertForged("cut", cut, h -> {}, 16, "the file was cut or grown");
        byte[] tiny = new byte[10];
        assertForged("tiny", tiny, h -> {}, 8, "is a file of 10 bytes");
    }

    private void assertForged(String label, byte[] model, Consumer<ByteBuffer> change, long size, String expected)
            throws IOException {
        byte[] bytes = model.clone();
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        change.accept(view);
        String name = KitFiles.fileName("shm-" + label);
        Path path = Segment.directory().resolve(name);
        files.add(path);
        Files.write(path, bytes);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> Segment.open(name, size))
                .as("open of a forged segment (%s)", label)
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(expected);
    }

    @Test
    @DisplayName("open refuses a segment file that others may read (not rw-------)")
    void openRefusesSharedPermissions() throws IOException {
        Segment segment = create("too-open", 8);
        Files.setPosixFilePermissions(segment.path(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Segment.open(segment.name(), 8))
                .as("open of a segment file with permissions rw-r--r--")
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("owner-only");
    }

    @Test
    @DisplayName("close: buffer() refuses, openInThisJvm() forgets it, a second close does nothing; the file stays")
    void close() throws IOException {
        Segment creator = create("closing", 8);
        Segment opener = open(creator.name(), 8);
        assertThat(Segment.openInThisJvm())
                .as("openInThisJvm() with the segment created and opened once")
                .containsExactly(creator.name(), creator.name());
        opener.close();
        assertThat(opener.isClosed()).as("isClosed() after close()").isTrue();
        assertThatThrownBy(opener::buffer)
                .as("buffer() of a closed segment")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        opener.close();
        assertThat(Segment.openInThisJvm())
                .as("openInThisJvm() once the opener closed (twice)")
                .containsExactly(creator.name());
        assertThat(creator.path())
                .as("the segment's file after an opener closed")
                .exists();
        creator.close();
        assertThat(Segment.openInThisJvm())
                .as("openInThisJvm() once both closed")
                .isEmpty();
        assertThat(creator.path())
                .as("the segment's file after the creator closed (not unlinked)")
                .exists();
    }

    @Test
    @DisplayName("unlink deletes the file: open then fails, mappings keep working, a second unlink returns false")
    void unlink() throws IOException {
        Segment segment = create("unlinked", 8);
        String name = segment.name();
        assertThat(segment.unlink()).as("unlink() of an existing segment").isTrue();
        assertThat(segment.path()).as("the segment's file after unlink()").doesNotExist();
        assertThatThrownBy(() -> Segment.open(name, 8))
                .as("open of an unlinked segment")
                .isInstanceOf(SegmentException.class)
                .hasMessageContaining("unlinked already");
        LONGS.setVolatile(segment.buffer(), 0, 3L);
        assertThat((long) LONGS.getVolatile(segment.buffer(), 0))
                .as("the mapping after unlink(): still usable")
                .isEqualTo(3L);
        assertThat(segment.unlink()).as("a second unlink()").isFalse();
    }

    @Test
    @DisplayName("the data is 8-byte aligned: compareAndSet works at every offset that is a multiple of 8")
    void aligned() throws IOException {
        Segment segment = create("aligned", 64);
        ByteBuffer data = segment.buffer();
        for (int offset = 0; offset < 64; offset += 8) {
            assertThat(LONGS.compareAndSet(data, offset, 0L, (long) offset + 1))
                    .as("compareAndSet(0 -> %d) at offset %d", offset + 1, offset)
                    .isTrue();
        }
        assertThatThrownBy(() -> LONGS.compareAndSet(data, 4, 0L, 1L))
                .as("compareAndSet at offset 4 (what the kata's SharedLong must refuse first)")
                .isInstanceOf(IllegalStateException.class);
    }
}
