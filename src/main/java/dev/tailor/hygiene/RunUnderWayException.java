package dev.tailor.hygiene;

/** A hygiene run was asked for while one is under way somewhere in the cluster (409). */
public class RunUnderWayException extends RuntimeException {

    public RunUnderWayException(String job) {
        super("The " + job + " job is already running; try again when it has finished");
    }
}
