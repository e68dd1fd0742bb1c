package dev.tailor.sync;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.Problem.FieldError;
import dev.tailor.shared.error.ProblemException;
import java.util.List;
import java.util.Optional;

/**
 * A mapping that names a variable the destination's rule set does not declare, or a segment its rules never
 * produce (422): the ESP would get null, and a template would print nothing.
 */
public class UndeclaredSourceException extends ProblemException {

    private final List<FieldError> errors;

    public UndeclaredSourceException(List<FieldError> errors) {
        super(errors.get(0).detail());
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public Problem problem() {
        return Problem.invalidFields(
                "undeclared-source", "Mapping names what its rule set does not produce", 422, errors);
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Refused mapping: " + getMessage());
    }
}
