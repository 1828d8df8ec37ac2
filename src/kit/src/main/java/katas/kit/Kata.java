package katas.kit;

/**
 * The one stub idiom of every kata: a method the learner has to write throws {@code Kata.todo("what to do")} until
 * it is written, such as {@code throw Kata.todo("SynchronizedCounter.increment: guard the read and the write with one
 * lock");} under a {@code // TODO step 3: ...} comment. Delete the {@code throw} line and write the code; the message
 * names what to do, and the kata's README has hints that grow more specific, step by step.
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
