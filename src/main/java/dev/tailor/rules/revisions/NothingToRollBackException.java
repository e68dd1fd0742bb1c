package dev.tailor.rules.revisions;

/** A rollback asked of a rule set that has no earlier active revision (409). */
public class NothingToRollBackException extends RuntimeException {

    public NothingToRollBackException(String message) {
        super(message);
    }
}
