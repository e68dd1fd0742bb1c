package dev.tailor.rules.revisions;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** A rollback asked of a rule set that has no earlier active revision (409). */
public class NothingToRollBackException extends ProblemException {

    public NothingToRollBackException(String message) {
        super(message);
    }

    @Override
    public Problem problem() {
        return Problem.of("nothing-to-roll-back", "Nothing to roll back", 409, getMessage());
    }
}
