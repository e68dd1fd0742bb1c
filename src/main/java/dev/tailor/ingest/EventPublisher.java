package dev.tailor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes accepted events to {@code tailor.events.v1}, keyed by customer id so that one customer's events stay in
 * order on one partition. The returned {@link Uni} completes only once Kafka has acknowledged every event.
 */
@ApplicationScoped
public class EventPublisher {

    private final MutinyEmitter<Record<String, String>> emitter;
    private final ObjectMapper json;
    private final IngestConfig config;
    private final MeterRegistry metrics;
    /** tailor.events.received by type, looked up by a plain key: building tags per event showed in the profile. */
    private final Map<String, Counter> received = new ConcurrentHashMap<>();

    public EventPublisher(
            @Channel("events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                    MutinyEmitter<Record<String, String>> emitter,
            ObjectMapper json,
            IngestConfig config,
            MeterRegistry metrics) {
        this.metrics = metrics;
        this.emitter = emitter;
        this.json = json;
        this.config = config;
    }

    public Uni<Void> publish(List<CustomerEvent> events) {
        events.forEach(event -> received.computeIfAbsent(
                        event.type(), type -> metrics.counter("tailor.events.received", "type", type))
                .increment());
        List<Uni<Void>> acks = events.stream()
                .map(event -> emitter.send(Record.of(event.customerId(), serialize(event))))
                .toList();
        return KafkaAcknowledgements.all(acks, config.publishTimeout(), "event(s)");
    }

    private String serialize(CustomerEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An accepted event could not be serialised", e);
        }
    }
}
