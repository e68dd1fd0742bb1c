package dev.tailor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionFactory;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * Readiness waits for the events consumers' partitions: checked with real consumers of a real group, on a topic of
 * the test's own, told of their assignments as the connector tells the application's listener.
 */
class EventsAssignedCheckTest {

    private final String topic = "tailor.assignment-test." + UUID.randomUUID();

    @Test
    void downUntilEveryConsumerHasBeenAssignedThenUpThroughLaterRebalances() throws Exception {
        createTopic(2);
        EventsAssignment assignment = new EventsAssignment(true, 2);
        EventsAssignedCheck check = new EventsAssignedCheck(assignment);
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        try (KafkaConsumer<String, String> first = consumer();
                KafkaConsumer<String, String> second = consumer()) {
            first.subscribe(List.of(topic), told(assignment, first));
            pollUntil(first, () -> assignment.assignedConsumers() == 1);
            // One of the node's two consumers has its partitions: the node does not apply all it should yet.
            assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(check.call().getData().orElseThrow()).containsEntry("assigned", 1L);

            second.subscribe(List.of(topic), told(assignment, second));
            consumersAwait(Duration.ofSeconds(60)).until(() -> {
                first.poll(Duration.ofMillis(100));
                second.poll(Duration.ofMillis(100));
                return assignment.assignedConsumers() == 2;
            });
            HealthCheckResponse up = check.call();
            assertThat(up.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(up.getData().orElseThrow())
                    .containsEntry("consumers", 2L)
                    .containsEntry("assigned", 2L);

            // A consumer leaving makes the group move partitions: the node stays ready throughout.
            second.unsubscribe();
            consumersAwait(Duration.ofSeconds(30)).until(() -> {
                first.poll(Duration.ofMillis(100));
                assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
                return first.assignment().size() == 2;
            });
        }
    }

    @Test
    void upWhenTheChannelIsSwitchedOff() {
        HealthCheckResponse off = new EventsAssignedCheck(new EventsAssignment(false, 4)).call();
        assertThat(off.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(off.getData().orElseThrow()).containsEntry("events-in", "disabled");
    }

    private void createTopic(int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", "127.0.0.1:9092"))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                "bootstrap.servers",
                "127.0.0.1:9092",
                "group.id",
                topic,
                "key.deserializer",
                StringDeserializer.class.getName(),
                "value.deserializer",
                StringDeserializer.class.getName(),
                "allow.auto.create.topics",
                "false"));
    }

    /** Forwards the group's decisions to the listener, as the connector does for the application's consumers. */
    private static ConsumerRebalanceListener told(EventsAssignment assignment, KafkaConsumer<String, String> consumer) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assignment.onPartitionsRevoked(consumer, partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                assignment.onPartitionsAssigned(consumer, partitions);
            }
        };
    }

    private static void pollUntil(KafkaConsumer<String, String> consumer, BooleanSupplier done) {
        consumersAwait(Duration.ofSeconds(60)).until(() -> {
            consumer.poll(Duration.ofMillis(100));
            return done.getAsBoolean();
        });
    }

    /** A wait whose condition polls consumers: it runs on the test's thread, as a Kafka consumer allows only one. */
    private static ConditionFactory consumersAwait(Duration atMost) {
        return await().atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(1));
    }
}
