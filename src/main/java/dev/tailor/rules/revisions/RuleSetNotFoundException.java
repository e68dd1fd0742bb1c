package dev.tailor.rules.revisions;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** A rule set or revision that does not exist (404). */
public class RuleSetNotFoundException extends ProblemException {

    public RuleSetNotFoundException(String message) {
        super(message);
    }

    @Override
    public Problem problem() {
        return Problem.of("rule-set-not-found", "Not found", 404, getMessage());
    }
}
