package dev.tailor.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes an event log as ingest leaves it, for tests that run Tailor on a log of their own: a topic made afresh and
 * kept for good (Tailor refuses to start on an event log that deletes records), its records keyed by customer.
 */
public final class EventLogWriter implements AutoCloseable {

    public static final String BOOTSTRAP = "127.0.0.1:9092";

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    private EventLogWriter(String topic) {
        this.topic = topic;
        // A short linger so that a test's thousands of records go in batches. One request in flight keeps them in
        // order without the idempotent producer's sequence numbers: on a loaded machine the broker once refused a
        // retried first batch of a new topic as out of sequence for 120 s, until the records expired (ConsumerCrashIT).
        // A record sent twice is harmless here: Tailor applies each messageId once.
        this.producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers",
                BOOTSTRAP,
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                StringSerializer.class.getName(),
                "linger.ms",
                "20",
                "acks",
                "all",
                "enable.idempotence",
                "false",
                "max.in.flight.requests.per.connection",
                "1"));
    }

    /** Makes {@code topic} with {@code partitions} (the broker's default when empty) and a writer to it. */
    public static EventLogWriter create(String topic, Optional<Integer> partitions) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, Optional.empty())
                            .configs(Map.of(
                                    TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return new EventLogWriter(topic);
    }

    /**
     * Makes {@code topic} with one partition holding one event of {@code customer}, a Product Viewed (category shoes)
     * an hour ago: the smallest log a replay rebuilds facts from.
     */
    public static void createWithOneEvent(String topic, String customer) throws Exception {
        try (EventLogWriter log = create(topic, Optional.of(1))) {
            log.sendTrack(
                    customer,
                    "Product Viewed",
                    "{\"category\":\"shoes\"}",
                    Instant.now().minusSeconds(3600));
        }
    }

    /** Sends {@code value} keyed by {@code customer}; {@link #flush} or {@link #close} waits for the broker. */
    public void send(String customer, String value) {
        sent.add(producer.send(new ProducerRecord<>(topic, customer, value)));
    }

    /** Sends a tracked event of {@code customer} with a messageId of its own (see {@link #track}). */
    public void sendTrack(String customer, String event, String properties, Instant at) {
        send(customer, track(customer, UUID.randomUUID().toString(), event, properties, at));
    }

    /** Waits until the broker has every record sent so far; fails if it refused one. */
    public void flush() throws ExecutionException, InterruptedException {
        producer.flush();
        for (Future<RecordMetadata> record : sent) {
            record.get();
        }
        sent.clear();
    }

    /**
     * A tracked event as ingest writes it to the log: the customer as customerId and userId, {@code properties} as a
     * JSON object, and {@code at} as both the time it happened and the time it arrived.
     */
    public static String track(String customer, String messageId, String event, String properties, Instant at) {
        return "{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"customerId\":\"" + customer
                + "\",\"userId\":\"" + customer + "\",\"event\":\"" + event + "\",\"properties\":" + properties
                + ",\"timestamp\":\"" + at + "\",\"receivedAt\":\"" + at + "\"}";
    }

    @Override
    public void close() throws ExecutionException, InterruptedException {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
