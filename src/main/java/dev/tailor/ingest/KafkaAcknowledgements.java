package dev.tailor.ingest;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Waits for Kafka to acknowledge every record of a request; anything less is an unavailable event log (503). */
final class KafkaAcknowledgements {

    private KafkaAcknowledgements() {}

    /** @param what what the records are, for the failure's message, e.g. "event(s)" */
    static Uni<Void> all(List<Uni<Void>> acks, Duration timeout, String what) {
        if (acks.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(acks)
                .andFailFast()
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no acknowledgement from Kafka within " + timeout))
                .onFailure()
                .transform(failure -> new EventLogUnavailableException(
                        "Kafka did not acknowledge " + acks.size() + " " + what + ": " + failure.getMessage(), failure))
                .replaceWithVoid();
    }
}
