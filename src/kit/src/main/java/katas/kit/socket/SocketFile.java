package katas.kit.socket;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * A {@link SocketServer}'s socket file: its path checked against the operating system's limit before anything is
 * bound, then bound and made owner-only.
 */
final class SocketFile {

    private SocketFile() {}

    /**
     * Binds a listening socket at {@code socket}, owner-only ({@code rw-------} where the file system has POSIX
     * permissions). Nothing is left open if it fails.
     *
     * @throws IOException if the path is too long ({@link #checkPathLength}) or the bind fails
     */
    static ServerSocketChannel bind(Path socket) throws IOException {
        checkPathLength(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            SocketServer.closeQuietly(channel);
            throw e;
        }
    }

    /** See {@link SocketServer#maxPathBytes()}. */
    static int maxPathBytes() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        boolean bsd = os.contains("mac") || os.contains("darwin") || os.contains("bsd");
        return (bsd ? 104 : 108) - 1;
    }

    /** Refuses, before any bind, a socket path longer than {@link #maxPathBytes()}: the message says what to do. */
    static void checkPathLength(Path socket) throws IOException {
        int bytes = socket.toString().getBytes(pathCharset()).length;
        if (bytes > maxPathBytes()) {
            throw new IOException(String.format(
                    Locale.ROOT,
                    "the socket path %s is %d bytes long, but a Unix domain socket path may have at most %d bytes"
                            + " here (sun_path holds %d, with the closing NUL): the temporary directory"
                            + " (java.io.tmpdir=%s) is too deep; use a shorter one, such as -Djava.io.tmpdir=/tmp",
                    socket,
                    bytes,
                    maxPathBytes(),
                    maxPathBytes() + 1,
                    System.getProperty("java.io.tmpdir")));
        }
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }
}
