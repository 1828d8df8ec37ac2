package katas.loop.progress;

/** How far the learner got with one step, as the board and the progress file say it. */
public enum StepState {
    /** Every test of the step passed, on the learner's code as it is now. */
    DONE("[done]"),
    /** Every failure is a stub that is not written yet. */
    TODO("[todo]"),
    /** Some code is written, but a test fails for another reason. */
    FAILING("[failing]"),
    /** Not every test of the step has run (a run of other steps, or a new test). */
    NOT_RUN("[not run]"),
    /** It ran, but a learner file it uses changed since: its result is out of date until it runs again. */
    CHANGED("[changed]");

    private final String mark;

    StepState(String mark) {
        this.mark = mark;
    }

    /** The board's mark, e.g. {@code [done]}. */
    public String mark() {
        return mark;
    }
}
