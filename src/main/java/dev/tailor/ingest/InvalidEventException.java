package dev.tailor.ingest;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.Problem.FieldError;
import dev.tailor.shared.error.ProblemException;
import java.util.List;
import java.util.Optional;

/** A request to an ingest endpoint that breaks the Segment Spec; nothing of it was accepted. */
public class InvalidEventException extends ProblemException {

    private final List<FieldError> errors;

    public InvalidEventException(List<FieldError> errors) {
        super(errors.get(0).field() + ": " + errors.get(0).detail());
        this.errors = List.copyOf(errors);
    }

    public InvalidEventException(String field, String detail) {
        this(List.of(new FieldError(field, detail)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public Problem problem() {
        return Problem.invalidFields("invalid-event", "Invalid event", 400, errors);
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Refused event: " + getMessage());
    }
}
