package dev.tailor.sync;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Segment changes a destination never accepted: stored after the last attempt, listed, and replayed on demand. */
@ApplicationScoped
public class DeadLetterService {

    /** What a replay did: delivered now, and still failing (kept for the next replay). */
    public record Replay(int delivered, int stillFailing) {}

    private final DeadLetterRepository letters;
    private final WebhookDelivery delivery;

    public DeadLetterService(DeadLetterRepository letters, WebhookDelivery delivery) {
        this.letters = letters;
        this.delivery = delivery;
    }

    public Uni<Void> store(DestinationView destination, List<PendingChange> changes, WebhookDelivery.Outcome outcome) {
        return Panache.withTransaction(() -> {
                    List<DeadLetter> rows = new ArrayList<>();
                    for (PendingChange change : changes) {
                        DeadLetter letter = new DeadLetter();
                        letter.destination = destination.name();
                        letter.customerId = change.customerId();
                        letter.changeId = change.changeId();
                        letter.payload = change.payload();
                        letter.attempts = outcome.attempts();
                        letter.lastError = outcome.lastError();
                        letter.failedAt = Instant.now();
                        rows.add(letter);
                    }
                    return letters.persist(rows);
                })
                .replaceWithVoid();
    }

    public Uni<List<DeadLetter>> open(String destination) {
        return Panache.withSession(() -> letters.openOf(destination));
    }

    /** Sends a destination's dead letters again, oldest first, in its batch size; delivered ones are marked. */
    public Uni<Replay> replay(DestinationView destination) {
        return open(destination.name()).flatMap(open -> replayFrom(destination, open, 0, new Replay(0, 0)));
    }

    private Uni<Replay> replayFrom(DestinationView destination, List<DeadLetter> open, int from, Replay sofar) {
        if (from >= open.size()) {
            return Uni.createFrom().item(sofar);
        }
        List<DeadLetter> batch = open.subList(from, Math.min(open.size(), from + destination.batchSize()));
        return delivery.deliver(
                        destination,
                        batch.stream().map(l -> l.payload).toList(),
                        batch.stream().map(l -> l.changeId).toList())
                .flatMap(outcome -> {
                    if (!outcome.delivered()) {
                        // Keep order: later letters wait behind the one that still fails.
                        return Uni.createFrom().item(new Replay(sofar.delivered(), open.size() - from));
                    }
                    List<Long> ids = batch.stream().map(l -> l.id).toList();
                    return Panache.withTransaction(
                                    () -> letters.update("replayedAt = ?1 where id in ?2", Instant.now(), ids))
                            .flatMap(updated -> replayFrom(
                                    destination,
                                    open,
                                    from + batch.size(),
                                    new Replay(sofar.delivered() + batch.size(), 0)));
                });
    }
}
