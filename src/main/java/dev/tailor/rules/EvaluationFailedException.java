package dev.tailor.rules;

/** An evaluation that gave no outcome for a reason other than the rules throwing. */
public class EvaluationFailedException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** The rules ran past the evaluation budget; the thread was abandoned. */
        OVERRAN,
        /** The evaluation queue was full. */
        REFUSED,
        /** The revision is quarantined: its rules are not run. */
        QUARANTINED
    }

    private final Reason reason;

    public EvaluationFailedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
