package dev.tailor.ingest;

/** Kafka did not acknowledge an accepted event in time; the sender must retry (Segment clients do on 503). */
public class EventLogUnavailableException extends RuntimeException {

    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
