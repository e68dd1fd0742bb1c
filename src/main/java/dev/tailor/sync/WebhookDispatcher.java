package dev.tailor.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Delivers {@code tailor.segment-changes.v1} to every destination that receives the change's rule set, in
 * batches of the destination's size. Within a destination batches go one after the other, so one customer's
 * changes arrive in order; destinations are served side by side. A batch that fails for good goes to the
 * dead-letter store; the Kafka offsets move on only after every destination has been served or dead-lettered.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private final DestinationService destinations;
    private final WebhookDelivery delivery;
    private final DeadLetterService deadLetters;
    private final ObjectMapper json;

    public WebhookDispatcher(DestinationService destinations, WebhookDelivery delivery, DeadLetterService deadLetters,
            ObjectMapper json) {
        this.destinations = destinations;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @Incoming("segment-changes-in")
    public Uni<Void> dispatch(List<String> payloads) {
        List<PendingChange> changes = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            read(payload, changes);
        }
        List<Uni<Void>> served = destinations.all().stream()
                .filter(DestinationView::receivesWebhooks)
                .map(destination -> serve(destination,
                        changes.stream().filter(change -> destination.receives(change.ruleSet())).toList()))
                .toList();
        return served.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(served).andFailFast().replaceWithVoid();
    }

    private void read(String payload, List<PendingChange> into) {
        try {
            JsonNode change = json.readTree(payload);
            into.add(new PendingChange(change.path("changeId").asText(), change.path("customerId").asText(),
                    change.path("ruleSet").asText(), payload));
        } catch (IOException e) {
            // Published by Tailor itself, so this is a bug, not bad input: say so, and go on with the rest.
            Log.errorf("Unreadable segment change skipped (%s)", e.getClass().getSimpleName());
        }
    }

    private Uni<Void> serve(DestinationView destination, List<PendingChange> changes) {
        return serveFrom(destination, changes, 0);
    }

    private Uni<Void> serveFrom(DestinationView destination, List<PendingChange> changes, int from) {
        if (from >= changes.size()) {
            return Uni.createFrom().voidItem();
        }
        List<PendingChange> batch = changes.subList(from, Math.min(changes.size(), from + destination.batchSize()));
        return delivery.deliver(destination, batch.stream().map(PendingChange::payload).toList(),
                        batch.stream().map(PendingChange::changeId).toList())
                .flatMap(outcome -> outcome.delivered() ? Uni.createFrom().voidItem()
                        : deadLetters.store(destination, batch, outcome))
                .flatMap(ignored -> serveFrom(destination, changes, from + batch.size()));
    }
}
