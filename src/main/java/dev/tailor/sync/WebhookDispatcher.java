package dev.tailor.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code tailor.segment-changes.v1} and records each change as pending for every destination that receives its
 * rule set, in PostgreSQL, in one transaction; once recorded, the batch of records is acknowledged. Delivery happens
 * apart from the channel ({@link PendingDeliveryWorker}), so a destination that is down or slow never holds Kafka
 * records unacknowledged (which would make the channel, and with it readiness, fail) nor delays other destinations.
 * Should PostgreSQL refuse the records for longer than the retries, the batch fails and goes to the channel's
 * dead-letter topic, from where it can be replayed.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int RETRIES = 6;

    private final DestinationService destinations;
    private final PendingDeliveryRepository pending;
    private final PendingDeliveryWorker worker;
    private final ObjectMapper json;

    public WebhookDispatcher(
            DestinationService destinations,
            PendingDeliveryRepository pending,
            PendingDeliveryWorker worker,
            ObjectMapper json) {
        this.destinations = destinations;
        this.pending = pending;
        this.worker = worker;
        this.json = json;
    }

    @Incoming("segment-changes-in")
    public Uni<Void> dispatch(List<String> payloads) {
        List<PendingChange> changes = new ArrayList<>(payloads.size());
        for (String payload : payloads) {
            read(payload, changes);
        }
        List<DestinationView> webhooks = destinations.all().stream()
                .filter(DestinationView::receivesWebhooks)
                .toList();
        Instant now = Instant.now();
        List<PendingDelivery> rows = new ArrayList<>();
        for (DestinationView destination : webhooks) {
            changes.stream()
                    .filter(change -> destination.receives(change.ruleSet()))
                    .forEach(change -> rows.add(PendingDelivery.of(destination.name(), change, now)));
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> Panache.withTransaction(() -> pending.persist(rows)))
                .onFailure()
                .retry()
                .withBackOff(FIRST_BACKOFF, MAX_BACKOFF)
                .atMost(RETRIES)
                .invoke(() -> worker.wake(webhooks))
                .replaceWithVoid();
    }

    private void read(String payload, List<PendingChange> into) {
        try {
            JsonNode change = json.readTree(payload);
            into.add(new PendingChange(
                    change.path("changeId").asText(),
                    change.path("customerId").asText(),
                    change.path("ruleSet").asText(),
                    payload));
        } catch (IOException e) {
            // Published by Tailor itself, so this is a bug, not bad input: say so, and go on with the rest.
            Log.errorf("Unreadable segment change skipped (%s)", e.getClass().getSimpleName());
        }
    }
}
