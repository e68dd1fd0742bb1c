package dev.tailor.pipeline;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which of this node's {@code events-in} consumers have been given their partitions by the group (the channel's
 * rebalance listener, {@code consumer-rebalance-listener.name}). Until every copy of the channel has had its first
 * assignment the node applies no events, however healthy its connections look: readiness waits for it
 * ({@link EventsAssignedCheck}). A copy may be given no partition at all (more consumers than partitions); that
 * counts as assigned, since the group has decided.
 */
@ApplicationScoped
@Identifier(EventsAssignment.NAME)
public class EventsAssignment implements KafkaConsumerRebalanceListener {

    static final String NAME = "tailor-events-assignment";

    private final boolean enabled;
    private final int copies;
    /** Each consumer's partitions as last assigned; a consumer is absent until its first assignment. */
    private final Map<Consumer<?, ?>, Set<TopicPartition>> assigned =
            Collections.synchronizedMap(new IdentityHashMap<>());

    public EventsAssignment(
            @ConfigProperty(name = "mp.messaging.incoming.events-in.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "mp.messaging.incoming.events-in.concurrency", defaultValue = "1") int copies) {
        this.enabled = enabled;
        this.copies = copies;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.put(consumer, Set.copyOf(partitions));
        Log.infof(
                "Events consumer given partitions %s (%d of %d consumers assigned)",
                partitions, assigned.size(), copies);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Still counted as assigned: a rebalance later in the node's life does not take it out of service (renders
        // need no consumer), it only moves partitions between consumers.
        assigned.computeIfPresent(consumer, (c, held) -> Set.of());
    }

    /** Whether the channel is switched off on this node (then there is nothing to wait for). */
    boolean enabled() {
        return enabled;
    }

    /** Consumers this node runs for the channel. */
    int copies() {
        return copies;
    }

    /** Consumers that have had their first assignment. */
    int assignedConsumers() {
        return assigned.size();
    }

    /** Partitions this node's consumers hold now. */
    int partitions() {
        synchronized (assigned) {
            return assigned.values().stream().mapToInt(Set::size).sum();
        }
    }
}
