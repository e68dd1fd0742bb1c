package dev.tailor.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads one topic from its current end, assigned to every partition, so that a test sees what it caused; other test
 * runs share the broker, so tests pick their records by keys or values only they use.
 */
public final class TopicReader implements AutoCloseable {

    public static final String EVENTS = "tailor.events.v1";
    public static final String DEAD_LETTERS = "tailor.events.dlq.v1";

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicReader(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers",
                bootstrap,
                "key.deserializer",
                StringDeserializer.class.getName(),
                "value.deserializer",
                StringDeserializer.class.getName(),
                "enable.auto.commit",
                "false"));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: asking for the positions fixes them before the test posts anything.
        partitions.forEach(consumer::position);
    }

    /** Waits for {@code count} records that match and answers them, in topic order per partition. */
    public List<ConsumerRecord<String, String>> awaitMatching(
            Predicate<ConsumerRecord<String, String>> matching, int count) {
        return awaitMatching(matching, records -> records.size() >= count);
    }

    /** Waits until the records that match are {@code enough} and answers them, in topic order per partition. */
    public List<ConsumerRecord<String, String>> awaitMatching(
            Predicate<ConsumerRecord<String, String>> matching,
            Predicate<List<ConsumerRecord<String, String>>> enough) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            poll(Duration.ofMillis(500));
            return enough.test(matching(matching));
        });
        return matching(matching);
    }

    /** Whatever matching arrives within {@code wait}; for checking that nothing does. */
    public List<ConsumerRecord<String, String>> within(
            Duration wait, Predicate<ConsumerRecord<String, String>> matching) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            poll(Duration.ofMillis(250));
        }
        return matching(matching);
    }

    /** The records keyed by any of {@code keys}: the customers or identifiers a test made up. */
    public static Predicate<ConsumerRecord<String, String>> keyedBy(String... keys) {
        Set<String> wanted = Set.of(keys);
        return record -> wanted.contains(record.key());
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void poll(Duration timeout) {
        consumer.poll(timeout).forEach(seen::add);
    }

    private List<ConsumerRecord<String, String>> matching(Predicate<ConsumerRecord<String, String>> matching) {
        return seen.stream().filter(matching).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
