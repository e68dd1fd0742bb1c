package dev.tailor.ingest;

import dev.tailor.shared.error.Problem.FieldError;
import java.util.List;

/** A request to an ingest endpoint that breaks the Segment Spec; nothing of it was accepted. */
public class InvalidEventException extends RuntimeException {

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
}
