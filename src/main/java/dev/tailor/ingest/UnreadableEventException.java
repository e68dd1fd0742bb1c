package dev.tailor.ingest;

/**
 * A record on the event topic that cannot be applied as it stands (not a Tailor event, or implausible values, see
 * {@link EventPlausibility}); it is dead-lettered, never retried, and its message is the dead letter's reason.
 */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String reason) {
        super(reason);
    }
}
