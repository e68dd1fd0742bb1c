package dev.tailor.imports;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** An import id no job has (404). */
public class UnknownImportException extends ProblemException {

    public UnknownImportException(long id) {
        super("No import has id " + id);
    }

    @Override
    public Problem problem() {
        return Problem.of("unknown-import", "Unknown import", 404, getMessage());
    }
}
