package dev.tailor.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.decisions.DecisionRefresher;
import dev.tailor.decisions.SegmentsChanged.Cause;
import dev.tailor.facts.FactsStore;
import dev.tailor.identity.IdentityLinker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@code tailor.events.v1} to the customer facts in Redis (after linking the identities an identify or alias
 * call names), then re-decides the customer. Delivery is at least once; the facts store
 * counts each messageId once. A record that is not a Tailor event fails at once and goes to the dead-letter
 * topic; a Redis failure is retried with backoff first, so that a short outage loses nothing.
 */
@ApplicationScoped
public class EventConsumer {

    private final ObjectMapper json;
    private final FactsStore facts;
    private final DecisionRefresher decisions;
    private final IdentityLinker identities;

    private final MeterRegistry metrics;

    public EventConsumer(ObjectMapper json, FactsStore facts, DecisionRefresher decisions, IdentityLinker identities,
            MeterRegistry metrics) {
        this.identities = identities;
        this.json = json;
        this.facts = facts;
        this.decisions = decisions;
        this.metrics = metrics;
    }

    @Incoming("events-in")
    public Uni<Void> consume(String payload) {
        CustomerEvent event = read(payload);
        // A redelivered event is not applied twice, but its customer is re-decided: the earlier delivery may have
        // stopped between the two steps.
        return identities.link(event)
                .flatMap(ignored -> facts.apply(event))
                .invoke(applied -> {
                    metrics.counter("tailor.events.applied", "outcome", applied ? "applied" : "deduplicated")
                            .increment();
                    Log.debugf("Event %s of %s %s", event.messageId(), event.customerId(),
                            applied ? "applied" : "was applied before");
                })
                .flatMap(applied -> decisions.refresh(event.customerId(), Cause.EVENT))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .replaceWithVoid();
    }

    private CustomerEvent read(String payload) {
        try {
            return parse(payload);
        } catch (UnreadableEventException e) {
            metrics.counter("tailor.events.dead-lettered", "stage", "consumer").increment();
            throw e;
        }
    }

    private CustomerEvent parse(String payload) {
        CustomerEvent event;
        try {
            event = json.readValue(payload, CustomerEvent.class);
        } catch (IOException | IllegalArgumentException e) {
            // The parser's message quotes the payload, which may hold personal data: name only the failure's kind.
            throw new UnreadableEventException("Not a Tailor event (" + e.getClass().getSimpleName() + ")", null);
        }
        if (event == null || event.customerId() == null || event.messageId() == null || event.timestamp() == null
                || event.type() == null) {
            throw new UnreadableEventException("Event lacks type, customerId, messageId or timestamp", null);
        }
        return event;
    }
}
