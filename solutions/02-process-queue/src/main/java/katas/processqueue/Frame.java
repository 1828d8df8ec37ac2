package katas.processqueue;

import java.util.Objects;

/**
 * One message on the wire between a producer process and the parent: given code, read it, no TODO here. Three kinds,
 * each with its own type byte (see {@link Frames}): {@link Hello}, the first frame of every connection, names the
 * producer (so the parent can say which worker a message came from, or which one died); {@link Value}, one
 * {@code long}, what {@code q.put(result)} sends in the Python lesson; {@link End}, the end-of-stream marker (the
 * lesson's sentinel). No Java serialization. Immutable; safe to share between threads.
 */
public sealed interface Frame permits Frame.Hello, Frame.Value, Frame.End {

    /** The first frame of a connection: who is talking. */
    record Hello(String producer) implements Frame {
        /**
         * @throws NullPointerException if {@code producer} is null
         * @throws IllegalArgumentException if {@code producer} is blank
         */
        public Hello {
            Objects.requireNonNull(producer, "a Hello frame needs the producer's name, not null");
            if (producer.isBlank()) {
                throw new IllegalArgumentException("a Hello frame needs a non-blank producer name");
            }
        }
    }

    /** One value put on the queue. */
    record Value(long value) implements Frame {}

    /** The end marker: the producer that sent it sends nothing more. */
    record End() implements Frame {}
}
