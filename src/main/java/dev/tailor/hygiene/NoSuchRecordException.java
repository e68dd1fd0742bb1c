package dev.tailor.hygiene;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** A hygiene record asked for does not exist: no such duplicate candidate, no audit yet (404). */
public class NoSuchRecordException extends ProblemException {

    public NoSuchRecordException(String detail) {
        super(detail);
    }

    @Override
    public Problem problem() {
        return Problem.of("not-found", "Not found", 404, getMessage());
    }
}
