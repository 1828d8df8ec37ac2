package katas.kit;

/**
 * The one stub idiom of every kata.
 *
 * <p>A method the learner has to write looks like this until it is written:
 *
 * <pre>{@code
 * public void increment() {
 *     // TODO step 3: make the read-modify-write one indivisible action.
 *     throw Kata.todo("SynchronizedCounter.increment: guard the read and the write with one lock");
 * }
 * }</pre>
 *
 * <p>Delete the {@code throw} line and write the code. The message names what to do; the
 * kata's README has hints that grow more specific, step by step.
 */
public final class Kata {

    private Kata() {}

    /**
     * Makes the exception a stub throws.
     *
     * @param what what to implement, in a few words (shown on the progress board and in the test)
     * @return the exception to throw; never returns normally meaning "done"
     */
    public static KataTodo todo(String what) {
        if (what == null || what.isBlank()) {
            throw new IllegalArgumentException("Kata.todo needs a description of what to implement");
        }
        return new KataTodo(KataTodo.MARKER + " " + what.strip()
                + " (delete the 'throw Kata.todo(...)' line and write it; hints are in the kata's README)");
    }
}
