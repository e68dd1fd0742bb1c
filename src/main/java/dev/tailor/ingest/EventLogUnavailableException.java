package dev.tailor.ingest;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemException;
import dev.tailor.shared.error.ProblemMappers;
import java.util.Map;
import java.util.Optional;

/** Kafka did not acknowledge an accepted event in time; the sender must retry (Segment clients do on 503). */
public class EventLogUnavailableException extends ProblemException {

    public EventLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Problem problem() {
        return Problem.of(
                "event-log-unavailable", "Event log unavailable", 503, "The event was not stored; retry later.");
    }

    @Override
    public Map<String, Object> headers() {
        return Map.of("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS);
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Ingest unavailable: " + getMessage());
    }
}
