package dev.tailor.facts;

/** A rule asked for a fact its rule set does not declare in facts.yaml, so Tailor does not track it. */
public class UndeclaredFactException extends IllegalArgumentException {

    public UndeclaredFactException(String message) {
        super(message);
    }
}
