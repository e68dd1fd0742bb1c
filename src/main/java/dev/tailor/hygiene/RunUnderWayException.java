package dev.tailor.hygiene;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;

/** A hygiene run was asked for while one is under way somewhere in the cluster (409). */
public class RunUnderWayException extends ProblemException {

    public RunUnderWayException(String job) {
        super("The " + job + " job is already running; try again when it has finished");
    }

    @Override
    public Problem problem() {
        return Problem.of("run-under-way", "Run under way", 409, getMessage());
    }
}
