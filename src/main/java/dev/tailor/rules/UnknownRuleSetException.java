package dev.tailor.rules;

/** A request named a rule set that has no active revision (404). */
public class UnknownRuleSetException extends RuntimeException {

    public UnknownRuleSetException(String ruleSet) {
        super("No active rule set named " + ruleSet);
    }
}
