package dev.tailor.ingest;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Takes the calls of one ingest request: accepted ones to the event log, refused ones to the dead-letter topic,
 * both acknowledged by Kafka before the sender is answered. A request whose every call was refused is answered
 * 400 (after its dead letters are written); one with at least one accepted call 200, naming the refused ones. A
 * request with events of a customer over its budget ({@link CustomerThrottle}) is refused whole first (429).
 */
@ApplicationScoped
public class IngestService {

    private final EventPublisher events;
    private final RefusedCallPublisher deadLetters;
    private final CustomerThrottle throttle;

    public IngestService(EventPublisher events, RefusedCallPublisher deadLetters, CustomerThrottle throttle) {
        this.events = events;
        this.deadLetters = deadLetters;
        this.throttle = throttle;
    }

    /**
     * @param batch whether the calls came as a batch (names fields {@code batch[i].userId} rather than {@code userId})
     * @throws InvalidEventException (through the Uni) when no call was accepted
     * @throws CustomerOverBudgetException when a customer of the request is over its budget; nothing is stored
     */
    public Uni<IngestReceipt> accept(SegmentCalls calls, boolean batch) {
        CustomerThrottle.Admission admission = throttle.admit(calls, batch);
        return Uni.combine()
                .all()
                .unis(events.publish(calls.accepted()), deadLetters.publish(calls.refused()))
                .discardItems()
                .onFailure()
                .invoke(admission::giveBack) // not stored: the client's retry needs the budget again
                .map(stored -> {
                    if (calls.accepted().isEmpty()) {
                        throw new InvalidEventException(calls.errors());
                    }
                    if (!calls.refused().isEmpty()) {
                        // Fields and details only: they never quote the values sent, which may be personal data.
                        Log.warnf(
                                "Accepted %d call(s), refused %d: %s",
                                calls.accepted().size(),
                                calls.refused().size(),
                                calls.refused().get(0).reason());
                    }
                    return IngestReceipt.of(calls.refused());
                });
    }
}
