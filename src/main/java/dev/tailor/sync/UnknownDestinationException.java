package dev.tailor.sync;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** A request named a destination that is not defined (404). */
public class UnknownDestinationException extends ProblemException {

    public UnknownDestinationException(String name) {
        super("No destination named " + name);
    }

    @Override
    public Problem problem() {
        return Problem.of("unknown-destination", "Unknown destination", 404, getMessage());
    }
}
