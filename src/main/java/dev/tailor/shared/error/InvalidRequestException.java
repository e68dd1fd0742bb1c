package dev.tailor.shared.error;

import dev.tailor.shared.error.Problem.FieldError;
import java.util.List;
import java.util.Optional;

/** A request that breaks the API's contract in one named field (400). */
public class InvalidRequestException extends ProblemException {

    private final String field;

    public InvalidRequestException(String field, String detail) {
        super(detail);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public Problem problem() {
        return Problem.invalidFields(
                "invalid-request", "Invalid request", 400, List.of(new FieldError(field, getMessage())));
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Refused request: " + field + " " + getMessage());
    }
}
