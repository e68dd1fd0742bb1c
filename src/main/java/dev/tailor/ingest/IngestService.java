package dev.tailor.ingest;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes the calls of one ingest request: accepted ones to the event log, refused ones to the dead-letter topic,
 * both acknowledged by Kafka before the sender is answered. A request whose every call was refused is answered
 * 400 (after its dead letters are written); one with at least one accepted call 200, naming the refused ones.
 */
@ApplicationScoped
public class IngestService {

    private final EventPublisher events;
    private final RefusedCallPublisher deadLetters;

    public IngestService(EventPublisher events, RefusedCallPublisher deadLetters) {
        this.events = events;
        this.deadLetters = deadLetters;
    }

    /** @throws InvalidEventException (through the Uni) when no call was accepted */
    public Uni<IngestReceipt> accept(SegmentCalls calls) {
        return Uni.combine().all().unis(events.publish(calls.accepted()), deadLetters.publish(calls.refused()))
                .discardItems()
                .map(stored -> {
                    if (calls.accepted().isEmpty()) {
                        throw new InvalidEventException(calls.errors());
                    }
                    if (!calls.refused().isEmpty()) {
                        // Fields and details only: they never quote the values sent, which may be personal data.
                        Log.warnf("Accepted %d call(s), refused %d: %s", calls.accepted().size(),
                                calls.refused().size(), calls.refused().get(0).reason());
                    }
                    return IngestReceipt.of(calls.refused());
                });
    }
}
