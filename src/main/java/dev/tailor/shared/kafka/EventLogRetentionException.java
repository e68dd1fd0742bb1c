package dev.tailor.shared.kafka;

/** The event log would lose records, so Tailor does not start on it (see {@code tailor.topics.on-short-retention}). */
public class EventLogRetentionException extends RuntimeException {

    public EventLogRetentionException(String message) {
        super(message);
    }
}
