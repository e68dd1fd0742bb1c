package dev.tailor.rules;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** A request named a rule set that has no active revision (404). */
public class UnknownRuleSetException extends ProblemException {

    public UnknownRuleSetException(String ruleSet) {
        super("No active rule set named " + ruleSet);
    }

    @Override
    public Problem problem() {
        return Problem.of("unknown-rule-set", "Unknown rule set", 404, getMessage());
    }
}
