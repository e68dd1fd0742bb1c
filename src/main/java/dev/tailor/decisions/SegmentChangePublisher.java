package dev.tailor.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes segment changes to {@code tailor.segment-changes.v1}, keyed by customer so that one customer's
 * changes stay in order; completes once Kafka has acknowledged.
 */
@ApplicationScoped
public class SegmentChangePublisher {

    private final MutinyEmitter<Record<String, String>> emitter;
    private final ObjectMapper json;

    public SegmentChangePublisher(
            @Channel("segment-changes-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                    MutinyEmitter<Record<String, String>> emitter,
            ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    public String serialize(SegmentsChanged change) {
        try {
            return json.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Publishes changes already serialised (by {@link #serialize}), customer id to change, all sent at once in the
     * map's order; completes once Kafka has acknowledged every one.
     */
    public Uni<Void> publishAll(Map<String, String> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> acks = new ArrayList<>(changes.size());
        changes.forEach((customerId, change) -> acks.add(emitter.send(Record.of(customerId, change))));
        return Uni.join().all(acks).andFailFast().replaceWithVoid();
    }
}
