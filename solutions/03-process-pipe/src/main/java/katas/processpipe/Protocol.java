package katas.processpipe;

import katas.kit.frame.Frame;
import katas.kit.frame.FrameCodec;
import katas.kit.frame.FrameCodec.Kind;

/**
 * The conversation between the parent and a counting child, frame by frame (given code, no TODO here); each frame is
 * framed by {@link #CODEC} ({@link FrameCodec}), at most {@link #MAX_PAYLOAD} bytes, and anything else is refused.
 * <pre>
 *   parent -> child   'C' COUNT     two longs: n, progressEvery   count to n, PROGRESS every progressEvery (0: never)
 *   parent -> child   'S' STOP      no payload                    stop the count under way, answer RESULT now
 *   child -> parent   'P' PROGRESS  one long: counted so far
 *   child -> parent   'R' RESULT    one long: the count
 *   either way        'E' ERROR     UTF-8 text                    what was wrong with what you sent; I stop
 * </pre>
 */
public final class Protocol {

    /** Parent to child: count to n (first long), reporting progress every progressEvery increments (second). */
    public static final byte COUNT = 'C';
    /** Parent to child: stop the count under way and answer with what was counted. Ignored between counts. */
    public static final byte STOP = 'S';
    /** Child to parent: how far a count has got. */
    public static final byte PROGRESS = 'P';
    /** Child to parent: the answer to one COUNT. */
    public static final byte RESULT = 'R';
    /** Either way: what was wrong with what the other end sent; the sender stops after it. */
    public static final byte ERROR = 'E';
    /** The largest payload a frame may have: 1 MiB (1,048,576 bytes), as in kata 02. */
    public static final int MAX_PAYLOAD = 1 << 20;

    /** Writes and reads this protocol's frames (and refuses everything else). */
    public static final FrameCodec CODEC = FrameCodec.of(
            MAX_PAYLOAD,
            Kind.fixed('C', "count", 2 * Long.BYTES),
            Kind.fixed('S', "stop", 0),
            Kind.fixed('P', "progress", Long.BYTES),
            Kind.fixed('R', "result", Long.BYTES),
            Kind.variable('E', "error"));

    private Protocol() {}

    /** A COUNT frame: count to {@code n}, reporting progress every {@code progressEvery} increments (0: never). */
    public static Frame count(long n, long progressEvery) {
        return Frame.ofLongs(COUNT, n, progressEvery);
    }

    /** A STOP frame. */
    public static Frame stop() {
        return Frame.empty(STOP);
    }

    /** A PROGRESS frame: {@code counted} so far. */
    public static Frame progress(long counted) {
        return Frame.ofLongs(PROGRESS, counted);
    }

    /** A RESULT frame: the count. */
    public static Frame result(long count) {
        return Frame.ofLongs(RESULT, count);
    }

    /** An ERROR frame: what was wrong, in words (cut to fit the size limit). */
    public static Frame error(String what) {
        String text = what == null ? "(no message)" : what;
        return Frame.ofText(ERROR, text.length() > 10_000 ? text.substring(0, 10_000) + "..." : text);
    }
}
