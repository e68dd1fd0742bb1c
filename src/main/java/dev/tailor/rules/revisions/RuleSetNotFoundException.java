package dev.tailor.rules.revisions;

/** A rule set or revision that does not exist (404). */
public class RuleSetNotFoundException extends RuntimeException {

    public RuleSetNotFoundException(String message) {
        super(message);
    }
}
