/**
 * Frames: typed, length-prefixed messages on a byte stream, with a size limit (katas 02 and 03).
 *
 * <ul>
 *   <li>{@link katas.kit.frame.Frame}: one message, a kind byte and a payload;</li>
 *   <li>{@link katas.kit.frame.FrameCodec}: writes and reads frames on a stream, for one protocol's kinds and
 *       limit, and refuses bad bytes with a {@link katas.kit.frame.FrameException} that says what was wrong;</li>
 *   <li>{@link katas.kit.frame.EndOfStreamException}: the other end closed cleanly; nothing more will come.</li>
 * </ul>
 */
package katas.kit.frame;
