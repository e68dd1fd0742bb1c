package dev.tailor.shared.kafka;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.kafka.KafkaConnector;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

/**
 * Stops the Kafka consumers and producers first at shutdown, before the Redis and PostgreSQL clients close. The
 * connector would otherwise stop last (when the application's beans are destroyed), its consumers still handing out
 * batches that then fail on closed connections. Once a consumer is closed nothing more is committed: a batch still in
 * flight is consumed again after the restart, where applied events are recognised by their messageId.
 */
@ApplicationScoped
public class KafkaStopsFirst {

    private final Instance<KafkaConnector> connector;

    public KafkaStopsFirst(@Connector(KafkaConnector.CONNECTOR_NAME) Instance<KafkaConnector> connector) {
        this.connector = connector;
    }

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        if (connector.isResolvable()) {
            long started = System.nanoTime();
            connector.get().terminate(event);
            Log.infof("Kafka consumers and producers stopped in %d ms", (System.nanoTime() - started) / 1_000_000);
        }
    }
}
