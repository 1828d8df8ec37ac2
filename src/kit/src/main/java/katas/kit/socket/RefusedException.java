package katas.kit.socket;

import java.io.IOException;

/**
 * A {@link SocketServer} refused this connection, and said why: too many peers are connected, the peer failed
 * the kata's handshake, or its first words were not acceptable. Thrown on the client's side by
 * {@link SocketClient#connect} and {@link SocketClient#awaitWelcome()}; the message quotes the server's reason.
 * Immutable.
 */
public class RefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message who refused, and the reason it gave */
    public RefusedException(String message) {
        super(message);
    }
}
