package dev.tailor.ingest;

/** A record on the event topic that is not a Tailor event; it is dead-lettered, never retried. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
