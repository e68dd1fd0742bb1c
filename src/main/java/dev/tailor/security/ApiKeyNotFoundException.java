package dev.tailor.security;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** No live API key with that id (404). */
public class ApiKeyNotFoundException extends ProblemException {

    public ApiKeyNotFoundException(long id) {
        super("No live API key with id " + id);
    }

    @Override
    public Problem problem() {
        return Problem.of("api-key-not-found", "Not found", 404, getMessage());
    }
}
