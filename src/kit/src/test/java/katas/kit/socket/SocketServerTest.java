package katas.kit.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import katas.kit.process.KitFiles;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("SocketServer and SocketClient: admission, handshake verdicts, bounds, deadlines, close")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketServerTest {

    /** A handler that reads a name (writeUTF), refuses "nobody" and welcomes anyone else, then echoes ints. */
    static void echo(SocketServer.Connection c) throws IOException {
        String name = c.in().readUTF();
        if (name.equals("nobody")) {
            throw new IOException("nobody is not welcome here");
        }
        c.welcome(name);
        for (int n = c.in().readInt(); n >= 0; n = c.in().readInt()) {
            c.out().writeInt(n * 2);
            c.out().flush();
        }
        throw new IOException("sent a negative number");
    }

    static SocketClient hello(SocketServer server, String name) throws IOException {
        SocketClient client = SocketClient.connect(server.socketPath());
        DataOutputStream out = new DataOutputStream(client.output());
        out.writeUTF(name);
        out.flush();
        client.awaitWelcome();
        return client;
    }

    static boolean threadsAlive(SocketServer server) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith(server.threadNamePrefix()));
    }

    @Test
    @DisplayName("a welcomed client talks; an owner-only socket; close deletes it and ends every thread")
    void welcomeTalkClose() throws IOException {
        SocketServer server = SocketServer.open("test.sock", 4, SocketServerTest::echo);
        Path socket = server.socketPath();
        try (SocketClient client = hello(server, "alice")) {
            assertThat(socket.getFileName().toString()).isEqualTo("test.sock");
            assertThat(socket.getParent().getFileName().toString())
                    .startsWith(KitFiles.PREFIX + ProcessHandle.current().pid() + "-");
            if (Files.getFileStore(socket.getParent()).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
                        .isEqualTo("rwx------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                        .isEqualTo("rw-------");
            }
            DataOutputStream out = new DataOutputStream(client.output());
            out.writeInt(21);
            out.flush();
            assertThat(new DataInputStream(client.input()).readInt()).isEqualTo(42);
            assertThat(server.openConnections()).isEqualTo(1);
        } finally {
            server.close();
        }
        assertThat(socket.getParent()).as("the directory after close()").doesNotExist();
        assertThat(threadsAlive(server))
                .as("a thread of the server alive after close()")
                .isFalse();
        assertThatThrownBy(() -> SocketClient.connect(socket))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(socket.toString());
        server.close(); // idempotent
    }

    @Test
    @DisplayName("what the handler throws before welcome refuses the client with its reason; after, it is a failure")
    void refusalsAndFailures() throws Exception {
        try (SocketServer server = SocketServer.open("test.sock", 4, SocketServerTest::echo)) {
            assertThatThrownBy(() -> hello(server, "nobody"))
                    .isInstanceOf(RefusedException.class)
                    .hasMessageContaining("nobody is not welcome here");
            assertThat(server.refusals())
                    .singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo("nobody is not welcome here"));
            try (SocketClient bob = hello(server, "bob")) {
                DataOutputStream out = new DataOutputStream(bob.output());
                out.writeInt(-1);
                out.flush();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> !server.failures().isEmpty());
            }
            assertThat(server.failures()).singleElement().satisfies(f -> {
                assertThat(f.peer()).isEqualTo("bob");
                assertThat(f.reason()).isEqualTo("sent a negative number");
            });
            assertThatThrownBy(() -> hello(server, "bell\u0007"))
                    .isInstanceOf(RefusedException.class)
                    .hasMessageContaining("bell\\u0007")
                    .hasMessageNotContaining("\u0007");
        }
    }

    @Test
    @DisplayName("past maxConnections welcomed peers the next is refused, saying why; a silent client is refused"
            + " after the deadline")
    void boundAndDeadline() throws Exception {
        try (SocketServer server = SocketServer.open("test.sock", 2, Duration.ofMillis(500), SocketServerTest::echo)) {
            List<SocketClient> clients = new ArrayList<>();
            try {
                clients.add(hello(server, "alice"));
                clients.add(hello(server, "bob"));
                assertThatThrownBy(() -> hello(server, "carol"))
                        .isInstanceOf(RefusedException.class)
                        .hasMessageContaining("too many connections: 2 are connected");
                SocketClient silent = SocketClient.connect(server.socketPath());
                clients.add(silent);
                long start = System.nanoTime();
                assertThatThrownBy(silent::awaitWelcome)
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("before welcoming");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                        .isLessThan(3_000);
                assertThat(server.refusals())
                        .extracting(SocketServer.Refusal::reason)
                        .anyMatch(r -> r.contains("too many"))
                        .anyMatch(r -> r.contains("handshake within 500 ms"));
                clients.remove(0).close();
                SocketClient carol = await("carol welcomed once alice has gone")
                        .atMost(Duration.ofSeconds(5))
                        // Refused while alice's place is still counted; or, in that same moment, the refusal's
                        // close raced carol's hello and reset the connection: both are a "not yet", tried again.
                        .ignoreExceptionsInstanceOf(IOException.class)
                        .until(() -> hello(server, "carol"), c -> c != null);
                clients.add(carol);
            } finally {
                for (SocketClient client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    @DisplayName("connections in their handshake have their own places: when all are taken, the oldest is dropped for"
            + " a newcomer after its fair time; the newcomer waits, it is not refused")
    void oldestInHandshakeIsDroppedAfterItsFairTime() throws Exception {
        // 2 places for handshakes; a 2 s handshake timeout makes the fair time 500 ms.
        try (SocketServer server =
                SocketServer.open("test.sock", 4, 2, Duration.ofSeconds(2), SocketServerTest::echo)) {
            SocketClient first = SocketClient.connect(server.socketPath());
            SocketClient second = SocketClient.connect(server.socketPath());
            long start = System.nanoTime();
            try (SocketClient third = SocketClient.connect(server.socketPath())) {
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(waited)
                        .as("ms the third connection waited for a place: until the oldest had had its fair time")
                        .isGreaterThanOrEqualTo(400);
                assertThatThrownBy(first::awaitWelcome)
                        .as("the oldest silent connection: dropped to make room")
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("before welcoming");
                DataOutputStream out = new DataOutputStream(third.output());
                out.writeUTF("third");
                out.flush();
                third.awaitWelcome();
                assertThat(server.refusals())
                        .extracting(SocketServer.Refusal::reason)
                        .anyMatch(r -> r.contains("dropped to make room"));
            } finally {
                first.close();
                second.close();
            }
        }
    }

    @Test
    @DisplayName("a flood of 200 connections that say nothing, and 10 that send garbage, keeps no real peer out")
    void floodKeepsNoPeerOut() throws Exception {
        try (SocketServer server = SocketServer.open("test.sock", 2, 16, Duration.ofSeconds(2), c -> {
            String name = c.in().readUTF();
            if (!name.equals("real")) {
                throw new IOException("not a real peer");
            }
            c.welcome(name);
            c.in().readInt();
        })) {
            List<SocketChannel> flood = Collections.synchronizedList(new ArrayList<>());
            Thread flooder = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < 210; i++) {
                                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                                flood.add(channel);
                                channel.connect(UnixDomainSocketAddress.of(server.socketPath()));
                                if (i >= 200) {
                                    try {
                                        channel.write(ByteBuffer.wrap(new byte[] {0, 5, 'n', 'o', 'i', 's', 'e'}));
                                    } catch (IOException refused) {
                                        // Refused and closed already.
                                    }
                                }
                            }
                        } catch (IOException closing) {
                            // The test is over.
                        }
                    },
                    "flood");
            flooder.setDaemon(true);
            long start = System.nanoTime();
            flooder.start();
            try {
                // Real peers connect while the flood goes on, one after the other.
                for (int i = 0; i < 3; i++) {
                    try (SocketClient real = hello(server, "real")) {
                        assertThat(real).isNotNull();
                    }
                }
                flooder.join(TimeUnit.SECONDS.toMillis(20));
                assertThat(flooder.isAlive()).as("the flood, 20 s later").isFalse();
                try (SocketClient real = hello(server, "real")) {
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    System.out.printf(
                            "  a flood of 210 connections, 16 places for handshakes: 4 real peers welcomed, the last"
                                    + " %d ms after the flood began; %d connections dropped or refused%n",
                            millis, server.refusals().size());
                }
                assertThat(server.connectionsInHandshake()).isLessThanOrEqualTo(16);
            } finally {
                flooder.interrupt();
                synchronized (flood) {
                    for (SocketChannel channel : flood) {
                        channel.close();
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("close() returns promptly while handlers wait in a read, and ends their threads")
    void closeWhileReading() throws Exception {
        SocketServer server = SocketServer.open("test.sock", 4, c -> {
            c.welcome("reader");
            c.in().readInt();
        });
        try (SocketClient client = SocketClient.connect(server.socketPath())) {
            client.awaitWelcome();
            long start = System.nanoTime();
            server.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
            assertThat(threadsAlive(server)).isFalse();
            assertThat(server.failures())
                    .as("failures while closing: none, closing is not a failure")
                    .isEmpty();
        }
    }

    @Test
    @DisplayName("a socket path over the OS limit is refused before bind, naming path, length and limit")
    void pathTooLong() {
        Path deep = Path.of("/tmp", "d".repeat(120), "test.sock");
        assertThatThrownBy(() -> SocketFile.checkPathLength(deep))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(deep.toString())
                .hasMessageContaining("at most " + SocketServer.maxPathBytes() + " bytes");
    }

    @Test
    @DisplayName("printable escapes what could hide in a message, keeps the rest, and cuts long text")
    void printable() {
        assertThat(SocketServer.printable("plain name-1 é 中 \uD83D\uDE00")).isEqualTo("plain name-1 é 中 \uD83D\uDE00");
        assertThat(SocketServer.printable("a\u0007b\u001b[31m\u202Ex\uFFFD\uD800"))
                .isEqualTo("a\\u0007b\\u001b[31m\\u202ex\\ufffd\\ud800");
        assertThat(SocketServer.printable("x".repeat(600)))
                .startsWith("x".repeat(SocketServer.MAX_REASON_CHARS))
                .endsWith("... (100 more characters not shown, of 600)");
        assertThat(SocketServer.isPrintableName("worker-1")).isTrue();
        assertThat(SocketServer.isPrintableName(" ")).isFalse();
        assertThat(SocketServer.isPrintableName("tab\there")).isFalse();
    }

    @Test
    @DisplayName("refuses bad arguments")
    void refusesBadArguments() {
        assertThatThrownBy(() -> SocketServer.open("../escape", 1, c -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketServer.open("ok.sock", 0, c -> {})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketServer.open("ok.sock", 1, Duration.ZERO, c -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketServer.open("ok.sock", 1, 0, Duration.ofSeconds(1), c -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketServer.open("ok.sock", 1, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> SocketClient.connect(null)).isInstanceOf(NullPointerException.class);
    }
}
