package dev.tailor.ingest.sendgrid;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code tailor.events.v1} from its current end, assigned to every partition, so that a test sees what it
 * caused; other test runs share the broker, so records are also picked by their keys.
 */
final class EventTopicReader implements AutoCloseable {

    static final String EVENTS = "tailor.events.v1";

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    EventTopicReader(String bootstrap) {
        consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers",
                bootstrap,
                "key.deserializer",
                StringDeserializer.class.getName(),
                "value.deserializer",
                StringDeserializer.class.getName(),
                "enable.auto.commit",
                "false"));
        List<TopicPartition> partitions = consumer.partitionsFor(EVENTS).stream()
                .map(info -> new TopicPartition(EVENTS, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: asking for the positions fixes them before the test posts anything.
        partitions.forEach(consumer::position);
    }

    /** Waits for {@code count} records keyed by any of {@code keys} and answers them in topic order per key. */
    List<ConsumerRecord<String, String>> awaitKeyed(Set<String> keys, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll(Duration.ofMillis(500));
            return keyedBy(keys).size() >= count;
        });
        return keyedBy(keys);
    }

    /** Whatever arrives keyed by {@code keys} within {@code wait}; for checking that nothing does. */
    List<ConsumerRecord<String, String>> within(Duration wait, Set<String> keys) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            poll(Duration.ofMillis(250));
        }
        return keyedBy(keys);
    }

    private void poll(Duration timeout) {
        consumer.poll(timeout).forEach(seen::add);
    }

    private List<ConsumerRecord<String, String>> keyedBy(Set<String> keys) {
        return seen.stream().filter(record -> keys.contains(record.key())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
