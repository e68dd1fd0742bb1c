package dev.tailor.shared.error;

import java.util.Map;
import java.util.Optional;

/**
 * A refusal that knows its {@code application/problem+json} answer. Features extend it for their own refusals, so
 * that {@link ProblemMappers} maps all of them in one place without knowing any feature.
 */
public abstract class ProblemException extends RuntimeException {

    protected ProblemException(String message) {
        super(message);
    }

    protected ProblemException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The body answered; its status is the answer's. */
    public abstract Problem problem();

    /** Headers the answer carries besides the body's, e.g. {@code Retry-After}. */
    public Map<String, Object> headers() {
        return Map.of();
    }

    /** The line logged at warn, without a stack trace or personal data; empty when the refusal is not logged. */
    public Optional<String> warning() {
        return Optional.empty();
    }
}
