package dev.tailor.sync;

/** A request named a destination that is not defined (404). */
public class UnknownDestinationException extends RuntimeException {

    public UnknownDestinationException(String name) {
        super("No destination named " + name);
    }
}
