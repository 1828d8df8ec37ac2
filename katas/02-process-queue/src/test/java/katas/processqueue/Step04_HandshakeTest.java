package katas.processqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import katas.testkit.ClassCalls;
import katas.testkit.Expect;
import katas.testkit.Step;
import katas.testkit.Telling;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

@Step(4)
@DisplayName("Step 4: only your workers may put - a challenge, answered with the queue's secret")
@Timeout(30)
class Step04_HandshakeTest {

    static final SecureRandom RANDOM = new SecureRandom();

    static final String FLUSH = "Each side writes through a buffer and then waits for the other: a nonce or an"
            + " answer that stays in the buffer is never read, and both sides wait for ever. Flush after writing";

    static byte[] newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** Two pipes of the operating system, one each way, buffered like a real connection: the two ends, in memory. */
    static final class Wire implements AutoCloseable {
        final Pipe toProducer = Pipe.open();
        final Pipe toQueue = Pipe.open();
        final DataInputStream queueIn = new DataInputStream(Channels.newInputStream(toQueue.source()));
        final DataOutputStream queueOut =
                new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(toProducer.sink())));
        final DataInputStream producerIn = new DataInputStream(Channels.newInputStream(toProducer.source()));
        final DataOutputStream producerOut =
                new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(toQueue.sink())));

        Wire() throws IOException {}

        @Override
        public void close() throws IOException {
            toProducer.sink().close();
            toProducer.source().close();
            toQueue.sink().close();
            toQueue.source().close();
        }
    }

    /** What each side of one handshake did: null if it returned, else what it threw. */
    record Outcome(Throwable queue, Throwable producer) {}

    /** Runs challenge(queueSecret) and answer(producerSecret) against each other, each on a thread of its own. */
    static Outcome handshake(byte[] queueSecret, byte[] producerSecret) throws Exception {
        try (Wire wire = new Wire()) {
            CompletableFuture<Void> queue =
                    run("queue", () -> Handshake.challenge(wire.queueIn, wire.queueOut, queueSecret));
            CompletableFuture<Void> producer =
                    run("producer", () -> Handshake.answer(wire.producerIn, wire.producerOut, producerSecret));
            Throwable queueThrew = outcome(queue, "Handshake.challenge (the queue's side)");
            if (queueThrew != null) {
                wire.close(); // a refused producer is not told here: end its wait
            }
            return new Outcome(queueThrew, outcome(producer, "Handshake.answer (the producer's side)"));
        }
    }

    interface Side {
        void run() throws Exception;
    }

    static CompletableFuture<Void> run(String name, Side side) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        side.run();
                        done.complete(null);
                    } catch (Throwable t) {
                        done.completeExceptionally(t);
                    }
                },
                "handshake-" + name);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    static Throwable outcome(CompletableFuture<Void> side, String what) throws InterruptedException {
        try {
            side.get(5, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not return within 5 s: it waits for the other side, which waits"
                    + " for it. " + FLUSH);
        }
    }

    /** Everything challenge() writes when no answer comes (the stream ends): its nonce; and what it threw. */
    record Challenge(byte[] sent, Throwable thrown) {}

    static Challenge challengeWithAnswer(byte[] secret, byte[] answer) throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sent));
        Throwable thrown = null;
        try {
            Handshake.challenge(new DataInputStream(new ByteArrayInputStream(answer)), out, secret);
        } catch (IOException e) {
            thrown = e; // what challenge() may throw; anything else fails the test as it is
        }
        return new Challenge(sent.toByteArray(), thrown);
    }

    @Test
    @DisplayName("a producer that knows the secret passes the challenge: both sides return")
    void rightSecretPasses() throws Exception {
        byte[] secret = newSecret();
        Outcome outcome = handshake(secret, secret.clone());
        assertThat(outcome.queue())
                .as("what challenge() threw for a producer that answered with the queue's own secret: nothing,"
                        + " the answer is right (both sides compute the same MAC of the same nonce)")
                .isNull();
        assertThat(outcome.producer()).as("what answer() threw").isNull();
    }

    @Test
    @DisplayName("a producer with another secret is refused: challenge throws, saying the secret is wrong")
    void wrongSecretIsRefused() throws Exception {
        Outcome outcome = handshake(newSecret(), newSecret());
        assertThat(outcome.queue())
                .as("challenge() when the producer answered with another secret: it must throw a QueueException"
                        + " saying the producer does not know the secret; returning lets its values into the total"
                        + " (step 4, Hint 3)")
                .isInstanceOf(IOException.class)
                .hasMessageContaining("secret");
    }

    static final int MIN_NONCE_BYTES = 16;

    static final String SHORT_NONCE = "A nonce is at least 16 bytes (128 bits). A short nonce repeats: among n-bit"
            + " nonces one comes back after about 2^(n/2) connections (the birthday bound: 65,536 for 4 bytes), and then"
            + " an answer recorded for it is accepted again";

    /** Handshake.NONCE_BYTES as the learner's class has it now (a constant would be compiled into this test). */
    static int nonceBytes() {
        try {
            return Handshake.class.getField("NONCE_BYTES").getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionFailedError("Handshake.NONCE_BYTES is not a public static int: " + e, e);
        }
    }

    @Test
    @DisplayName("the challenge is a fresh random nonce of NONCE_BYTES bytes, never the same twice, never the secret")
    void freshNonce() throws IOException {
        byte[] secret = newSecret();
        Challenge first = challengeWithAnswer(secret, new byte[0]);
        Challenge second = challengeWithAnswer(secret, new byte[0]);
        int nonceBytes = nonceBytes();
        if (first.sent().length > 0 && first.sent().length < MIN_NONCE_BYTES) {
            throw new AssertionFailedError(String.format(
                    "the nonce challenge() wrote is %d bytes (%s). %s",
                    first.sent().length, HexFormat.of().formatHex(first.sent()), SHORT_NONCE));
        }
        assertThat(first.sent())
                .as(
                        "the bytes challenge() wrote before it waited for the answer: the nonce, exactly"
                                + " Handshake.NONCE_BYTES of them (%d; none if it did not flush)",
                        nonceBytes)
                .hasSize(nonceBytes);
        assertThat(second.sent())
                .as("the nonce of a second challenge with the same secret: fresh random bytes (SecureRandom), never"
                        + " the first one again. A fixed nonce makes every correct answer the same, so a recorded"
                        + " answer opens the queue for anyone who replays it")
                .isNotEqualTo(first.sent());
        assertThat(indexOf(first.sent(), secret))
                .as("where the secret shows in the challenge: nowhere. The secret never crosses the socket")
                .isEqualTo(-1);
    }

    @Test
    @DisplayName("the whole nonce is random: each of its bytes changes from challenge to challenge, and it is long"
            + " enough not to repeat")
    void wholeNonceIsRandom() throws Exception {
        byte[] secret = newSecret();
        int nonceBytes = nonceBytes();
        List<byte[]> nonces = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nonces.add(challengeWithAnswer(secret, new byte[0]).sent());
        }
        assertThat(nonceBytes).as("Handshake.NONCE_BYTES. %s", SHORT_NONCE).isGreaterThanOrEqualTo(MIN_NONCE_BYTES);
        int shortest = nonces.stream().mapToInt(n -> n.length).min().orElse(0);
        assertThat(shortest)
                .as("the bytes of the shortest of 8 nonces challenge() wrote. %s", SHORT_NONCE)
                .isGreaterThanOrEqualTo(MIN_NONCE_BYTES);
        for (int position = 0; position < nonceBytes; position++) {
            Set<Byte> seen = new HashSet<>();
            for (byte[] nonce : nonces) {
                if (nonce.length > position) {
                    seen.add(nonce[position]);
                }
            }
            int at = position;
            assertThat(seen.size())
                    .as(
                            "the values byte %d of 8 nonces took (first nonce: %s): more than one. Every byte of the"
                                    + " nonce must be random (SecureRandom.nextBytes(nonce) fills them all): a nonce"
                                    + " with a few random bytes and the rest fixed is only as strong as those few",
                            at, HexFormat.of().formatHex(nonces.get(0)))
                    .isGreaterThan(1);
        }
    }

    @Test
    @Telling
    @DisplayName(
            "the nonce comes from java.security.SecureRandom: not java.util.Random, Math.random, a seed or the clock,"
                    + " which can be predicted")
    void nonceIsUnpredictable() throws IOException {
        challengeWithAnswer(newSecret(), new byte[0]); // a stub fails here, at once
        ClassCalls handshake = ClassCalls.of(Handshake.class);
        List<String> predictable = new ArrayList<>();
        predictable.addAll(named(handshake.callsTo("java/util/Random", "<init>"), "a new java.util.Random"));
        predictable.addAll(named(handshake.callsTo("java/lang/Math", "random"), "Math.random()"));
        predictable.addAll(
                named(handshake.callsTo("java/util/concurrent/ThreadLocalRandom", "*"), "ThreadLocalRandom"));
        predictable.addAll(named(handshake.callsTo("java/util/SplittableRandom", "*"), "SplittableRandom"));
        predictable.addAll(named(handshake.callsTo("java/util/Random", "setSeed"), "a seed (setSeed)"));
        predictable.addAll(named(handshake.callsTo("java/security/SecureRandom", "setSeed"), "a seed (setSeed)"));
        predictable.addAll(named(
                handshake.callsTo("java/security/SecureRandom", "<init>").stream()
                        .filter(c -> !c.descriptor().equals("()V"))
                        .toList(),
                "a SecureRandom made from a seed"));
        predictable.addAll(named(handshake.callsTo("java/lang/System", "nanoTime"), "the clock (System.nanoTime)"));
        predictable.addAll(
                named(handshake.callsTo("java/lang/System", "currentTimeMillis"), "the clock (currentTimeMillis)"));
        assertThat(predictable)
                .as("what the compiled Handshake uses that can be predicted: nothing. " + UNPREDICTABLE)
                .isEmpty();
        assertThat(handshake.calls("java/security/SecureRandom", "<init>")
                        || handshake.calls("java/security/SecureRandom", "getInstance")
                        || handshake.calls("java/security/SecureRandom", "getInstanceStrong"))
                .as("whether the compiled Handshake makes a java.security.SecureRandom (new SecureRandom(), or"
                        + " SecureRandom.getInstance...): it must. " + UNPREDICTABLE)
                .isTrue();
    }

    @Test
    @Telling
    @DisplayName(
            "the answer is compared in constant time (MessageDigest.isEqual): not Arrays.equals, not strings, not a"
                    + " loop that stops at the first difference")
    void constantTimeComparison() throws IOException {
        challengeWithAnswer(newSecret(), new byte[0]); // a stub fails here, at once
        ClassCalls handshake = ClassCalls.of(Handshake.class);
        List<ClassCalls.Call> leaky = new ArrayList<>();
        for (String name : List.of("equals", "mismatch", "compare", "deepEquals")) {
            leaky.addAll(handshake.callsTo("java/util/Arrays", name));
        }
        for (String name : List.of("equals", "contentEquals", "equalsIgnoreCase", "compareTo")) {
            leaky.addAll(handshake.callsTo("java/lang/String", name));
        }
        for (String name : List.of("equals", "compareTo", "mismatch")) {
            leaky.addAll(handshake.callsTo("java/nio/ByteBuffer", name));
        }
        leaky.addAll(handshake.callsTo("java/math/BigInteger", "equals"));
        leaky.addAll(handshake.callsTo("java/util/Objects", "equals"));
        leaky.addAll(handshake.callsTo("java/util/Objects", "deepEquals"));
        assertThat(leaky.stream().map(ClassCalls.Call::toString).distinct().toList())
                .as("the comparisons the compiled Handshake makes that return at the first difference: none. "
                        + CONSTANT_TIME)
                .isEmpty();
        boolean isEqual = handshake.calls("java/security/MessageDigest", "isEqual");
        boolean stopsEarly = handshake.hasSequence(ClassCalls.BALOAD, ClassCalls.IF_ICMPNE, 0)
                || handshake.hasSequence(ClassCalls.BALOAD, ClassCalls.IF_ICMPEQ, 0)
                || handshake.hasSequence(ClassCalls.IXOR, ClassCalls.IFEQ, 0)
                || handshake.hasSequence(ClassCalls.IXOR, ClassCalls.IFNE, 0);
        boolean orsDifferences = handshake.hasSequence(ClassCalls.IXOR, ClassCalls.IOR, 2);
        assertThat(isEqual || (orsDifferences && !stopsEarly))
                .as(
                        "whether the compiled Handshake compares the answer in constant time: MessageDigest.isEqual"
                                + " (or a loop that ORs the XOR of every pair of bytes, with no exit before the"
                                + " end)%s. %s",
                        stopsEarly ? "; it has a loop that branches on the first byte that differs" : "", CONSTANT_TIME)
                .isTrue();
    }

    static final String UNPREDICTABLE = "A nonce that can be predicted can be answered in advance: use"
            + " java.security.SecureRandom, with no seed (step 4, Hint 2)";

    static final String CONSTANT_TIME = "Compare a secret answer in constant time, with MessageDigest.isEqual: a"
            + " comparison that returns at the first difference lets an attacker who times refusals learn the answer"
            + " byte by byte (step 4, Hint 3)";

    static List<String> named(List<ClassCalls.Call> calls, String what) {
        return calls.stream().map(c -> what + ": " + c).toList();
    }

    @Test
    @DisplayName("a stream that ends before the whole answer came is refused, not accepted")
    void noAnswerIsRefused() throws IOException {
        byte[] secret = newSecret();
        assertThat(challengeWithAnswer(secret, new byte[0]).thrown())
                .as("challenge() when the producer's stream ends at once, without an answer: it must throw"
                        + " (readFully throws EOFException), never return as if the answer were right")
                .isInstanceOf(IOException.class);
        assertThat(challengeWithAnswer(secret, new byte[31]).thrown())
                .as("challenge() when only 31 bytes of an answer came: it must throw")
                .isInstanceOf(IOException.class);
        assertThat(challengeWithAnswer(secret, new byte[1024]).thrown())
                .as("challenge() when the answer is 1024 zero bytes: wrong, it must throw")
                .isInstanceOf(IOException.class);
    }

    @Test
    @DisplayName("a recorded answer is worthless: replayed on the next challenge, it is refused")
    void replayedAnswerIsRefused() throws Exception {
        byte[] secret = newSecret();
        byte[] nonce = challengeWithAnswer(secret, new byte[0]).sent();
        ByteArrayOutputStream recorded = new ByteArrayOutputStream();
        Handshake.answer(
                new DataInputStream(new ByteArrayInputStream(nonce)),
                new DataOutputStream(new BufferedOutputStream(recorded)),
                secret);
        byte[] answer = recorded.toByteArray();
        assertThat(answer)
                .as("what answer() wrote for a nonce (nothing means it did not flush)")
                .isNotEmpty();
        assertThat(indexOf(answer, secret))
                .as("where the secret shows in the answer: nowhere. Send a MAC of the nonce, never the secret itself")
                .isEqualTo(-1);
        assertThat(challengeWithAnswer(secret, answer).thrown())
                .as("a new challenge, answered with the answer recorded for another nonce (what someone who listened"
                        + " in once would send): it must be refused. The answer must depend on the nonce"
                        + " (mac(secret, nonce), not mac(secret, secret)), and each challenge's nonce must be new")
                .isInstanceOf(IOException.class)
                .hasMessageContaining("secret");
    }

    @Test
    @DisplayName("refuses bad input: null streams or secret, an empty secret")
    void refusesBadInput() {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[64]));
        DataOutputStream out = new DataOutputStream(new ByteArrayOutputStream());
        Expect.thrownBy("Handshake.challenge(in, out, null)", () -> Handshake.challenge(in, out, null))
                .isInstanceOf(NullPointerException.class);
        Expect.thrownBy("Handshake.challenge(null, out, secret)", () -> Handshake.challenge(null, out, newSecret()))
                .isInstanceOf(NullPointerException.class);
        Expect.thrownBy("Handshake.answer(in, null, secret)", () -> Handshake.answer(in, null, newSecret()))
                .isInstanceOf(NullPointerException.class);
        Expect.thrownBy("Handshake.answer(in, out, an empty secret)", () -> Handshake.answer(in, out, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
