package dev.tailor.sync;

import dev.tailor.shared.error.Problem.FieldError;
import java.util.List;

/**
 * A mapping that names a variable the destination's rule set does not declare, or a segment its rules never
 * produce (422): the ESP would get null, and a template would print nothing.
 */
public class UndeclaredSourceException extends RuntimeException {

    private final List<FieldError> errors;

    public UndeclaredSourceException(List<FieldError> errors) {
        super(errors.get(0).detail());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
