/**
 * Unix domain sockets for the process katas: the plumbing under a kata's queue, so that the kata is its protocol.
 *
 * <ul>
 *   <li>{@link katas.kit.socket.SocketServer}: a private, owner-only socket; an acceptor and one reader thread per
 *       connection calling the kata's handler; a bound on welcomed peers and a separate one on connections still in
 *       their handshake (strangers never take a welcomed peer's place); a handshake deadline; refusals and failures
 *       recorded with their reasons; a close that ends every thread and deletes the socket's directory;</li>
 *   <li>{@link katas.kit.socket.SocketClient}: connect, admission and welcome verdicts, and the cleanup after a
 *       killed owner;</li>
 *   <li>{@link katas.kit.socket.RefusedException}: what a refused client gets, with the server's reason.</li>
 * </ul>
 */
package katas.kit.socket;
