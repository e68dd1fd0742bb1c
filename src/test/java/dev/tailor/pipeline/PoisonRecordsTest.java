package dev.tailor.pipeline;

import static dev.tailor.testing.TopicReader.DEAD_LETTERS;
import static dev.tailor.testing.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.facts.Customer;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.testing.HostileServices;
import dev.tailor.testing.TopicReader;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Records that cannot be applied, written straight to the event log (bypassing ingest, as an older version or anyone
 * with access to the topic could): the consumer dead-letters each alone with its reason and moves on, later events
 * of the same and other customers apply, Redis stays responsive; replay and warm-up skip and report them and carry
 * on. Runs on a topic and a Redis of its own ({@link HostileServices}).
 */
@QuarkusTest
@TestProfile(HostileServices.Profile.class)
class PoisonRecordsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration PING_WITHIN = Duration.ofMillis(250);

    @Inject
    FactsStore facts;

    @Inject
    EventReplay replay;

    @Inject
    FactsWarmup warmup;

    @Inject
    TrackedFacts tracked;

    @Inject
    RedisDataSource redis;

    private Customer factsOf(String customer) {
        return facts.read(customer, Instant.now()).await().atMost(Duration.ofSeconds(5));
    }

    private static String event(String customer, String messageId, String name, String timestamp, String properties) {
        return "{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"customerId\":\"" + customer
                + "\",\"userId\":\"" + customer + "\",\"event\":\"" + name + "\",\"properties\":" + properties
                + ",\"timestamp\":\"" + timestamp + "\",\"receivedAt\":\"" + Instant.now() + "\",\"schemaVersion\":2}";
    }

    /**
     * Hostile records of {@code customer}, by messageId (or a marker inside), each with what its dead letter's reason
     * says; null for those that apply with their unusable sum left out.
     */
    private static Map<String, String[]> hostile(String customer, String run) {
        String now = Instant.now().toString();
        Map<String, String[]> records = new LinkedHashMap<>();
        records.put("year-0001-" + run, new String[] {
            event(customer, "year-0001-" + run, "Product Viewed", "0001-01-01T00:00:00Z", "{}"),
            "timestamp: is 0001-01-01T00:00:00Z"
        });
        records.put("year-9999-" + run, new String[] {
            event(customer, "year-9999-" + run, "Product Viewed", "9999-12-31T23:59:59Z", "{}"),
            "timestamp: is 9999-12-31T23:59:59Z"
        });
        records.put("received-0001-" + run, new String[] {
            event(customer, "received-0001-" + run, "Product Viewed", now, "{}")
                    .replaceFirst("\"receivedAt\":\"[^\"]+\"", "\"receivedAt\":\"0001-01-01T00:00:00Z\""),
            "receivedAt: is 0001-01-01T00:00:00Z"
        });
        records.put(
                "nan-" + run,
                new String[] {event(customer, "nan-" + run, "Order Completed", now, "{\"revenue\":\"NaN\"}"), null});
        records.put("infinity-" + run, new String[] {
            event(customer, "infinity-" + run, "Order Completed", now, "{\"revenue\":\"-Infinity\"}"), null
        });
        records.put(
                "1e400-" + run,
                new String[] {event(customer, "1e400-" + run, "Order Completed", now, "{\"revenue\":1e400}"), null});
        records.put("not-json-" + run, new String[] {"{\"not json " + "not-json-" + run, "Not a Tailor event"});
        records.put("no-customer-" + run, new String[] {
            event(customer, "no-customer-" + run, "Product Viewed", now, "{}")
                    .replace("\"customerId\":\"" + customer + "\",", ""),
            "lacks type, customerId"
        });
        records.put("huge-" + run, new String[] {
            event(customer, "huge-" + run, "Product Viewed", now, "{\"note\":\"" + "x".repeat(300_000) + "\"}"),
            "Record is "
        });
        return records;
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                "bootstrap.servers",
                HostileServices.BOOTSTRAP,
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                StringSerializer.class.getName(),
                "max.request.size",
                Integer.toString(2 * 1024 * 1024)));
    }

    /** Writes to one partition, in order, so that the later records queue behind the hostile ones. */
    private static void write(int partition, String key, List<String> values) {
        try (KafkaProducer<String, String> producer = producer()) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(HostileServices.TOPIC, partition, key, value));
            }
            producer.flush();
        }
    }

    private static String reason(ConsumerRecord<String, String> record) {
        return header(record, "dead-letter-reason");
    }

    @Test
    void theConsumerDeadLettersEachPoisonRecordAloneAndAppliesTheEventsAfterIt() {
        String run = UUID.randomUUID().toString();
        String customer = "poison-" + run;
        String bystander = "bystander-" + run;
        Map<String, String[]> hostile = hostile(customer, run);
        String now = Instant.now().toString();
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, DEAD_LETTERS)) {
            for (int partition = 0; partition < HostileServices.PARTITIONS; partition++) {
                String who = partition == 0 ? customer : bystander;
                List<String> records = new java.util.ArrayList<>();
                if (partition == 0) {
                    hostile.values().forEach(record -> records.add(record[0]));
                }
                records.add(event(who, "order-" + partition + run, "Order Completed", now, "{\"revenue\":10}"));
                records.add(event(who, "view-" + partition + run, "Product Viewed", now, "{}"));
                write(partition, who, records);
            }

            List<ConsumerRecord<String, String>> dead =
                    deadLetters.awaitMatching(record -> record.value().contains(run), 6);
            for (Map.Entry<String, String[]> expected : hostile.entrySet()) {
                List<ConsumerRecord<String, String>> its = dead.stream()
                        .filter(record -> record.value().contains(expected.getKey()))
                        .toList();
                if (expected.getValue()[1] == null) {
                    assertThat(its)
                            .as(expected.getKey() + " is applied, not dead-lettered")
                            .isEmpty();
                } else {
                    assertThat(its).as(expected.getKey()).hasSize(1);
                    assertThat(reason(its.get(0))).as(expected.getKey()).contains(expected.getValue()[1]);
                }
            }
        }
        await().atMost(WAIT)
                .until(() -> factsOf(customer).countEver("Product Viewed") == 1
                        && factsOf(customer).countEver("Order Completed") == 4
                        && factsOf(bystander).countEver("Product Viewed") == 1);
        assertThat(factsOf(customer).sum("Order Completed", "revenue", Duration.ofDays(30)))
                .isEqualTo(10.0);
        assertThat(factsOf(bystander).sum("Order Completed", "revenue", Duration.ofDays(30)))
                .isEqualTo(10.0);
        assertThat(HostileServices.ping(PING_WITHIN)).isEqualTo("+PONG");
    }

    @Test
    void anEventRedisAnswersAnErrorForIsDeadLetteredAtOnceAndItsPartitionMovesOn() {
        String run = UUID.randomUUID().toString();
        String broken = "broken-" + run;
        String next = "next-" + run;
        // Its facts key holds a string: every script call on it is answered WRONGTYPE, on every attempt.
        redis.value(String.class).set(FactsStore.factsKey(broken), "not a hash");
        String now = Instant.now().toString();
        long started = System.nanoTime();
        try (TopicReader deadLetters = new TopicReader(HostileServices.BOOTSTRAP, DEAD_LETTERS)) {
            write(1, broken, List.of(event(broken, "broken-" + run, "Product Viewed", now, "{}")));
            write(1, next, List.of(event(next, "next-" + run, "Product Viewed", now, "{}")));
            ConsumerRecord<String, String> dead = deadLetters
                    .awaitMatching(record -> record.value().contains("broken-" + run), 1)
                    .get(0);
            assertThat(reason(dead)).contains("WRONGTYPE");
        }
        await().atMost(WAIT).until(() -> factsOf(next).countEver("Product Viewed") == 1);
        // Retried as an outage would be, the event would hold its partition for half a minute (5 retries of the
        // batch, 8 of the event, with backoff up to 5 s); as the event's own failure it costs one attempt.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(HostileServices.ping(PING_WITHIN)).isEqualTo("+PONG");
    }

    @Test
    void replayAndWarmUpSkipAndReportPoisonRecordsAndCarryOn() {
        String run = UUID.randomUUID().toString();
        String customer = "replayed-" + run;
        Map<String, String[]> hostile = hostile(customer, run);
        String wish = "Wish " + run.substring(0, 8);
        String now = Instant.now().toString();
        List<String> records = new java.util.ArrayList<>();
        hostile.values().forEach(record -> records.add(record[0]));
        records.add(event(customer, "order-" + run, "Order Completed", now, "{\"revenue\":10}"));
        records.add(event(customer, "wish-" + run, wish, now, "{\"amount\":5}"));
        records.add(event(customer, "wish-nan-" + run, wish, now, "{\"amount\":\"NaN\"}"));
        records.add(event(customer, "wish-0001-" + run, wish, "0001-01-01T00:00:00Z", "{\"amount\":1}"));
        write(0, customer, records);
        await().atMost(WAIT).until(() -> factsOf(customer).countEver("Order Completed") == 4);
        long poison =
                hostile.values().stream().filter(record -> record[1] != null).count() + 1;

        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        EventReplay.Summary summary =
                replay.replay(Set.of(customer), new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(summary.poison()).isEqualTo(poison);
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("skipped record " + HostileServices.TOPIC + "-0@")
                .contains("timestamp: is 0001-01-01T00:00:00Z");
        assertThat(factsOf(customer).countEver("Order Completed")).isEqualTo(4);
        assertThat(factsOf(customer).sum("Order Completed", "revenue", Duration.ofDays(30)))
                .isEqualTo(10.0);
        assertThat(HostileServices.ping(PING_WITHIN)).isEqualTo("+PONG");

        FactSchema before = tracked.schema();
        FactSchema declared = FactSchema.parse(
                ("events:\n  \"" + wish + "\": {window: 30d, sum: [amount]}\n").getBytes(StandardCharsets.UTF_8));
        warmup.onTrackedFactsChanged(before, FactSchema.union(List.of(before, declared)));
        await().atMost(WAIT)
                .until(() -> facts.read(customer, Instant.now(), declared)
                                .await()
                                .atMost(Duration.ofSeconds(5))
                                .count(wish, Duration.ofDays(30))
                        == 2);
        assertThat(facts.read(customer, Instant.now(), declared)
                        .await()
                        .atMost(Duration.ofSeconds(5))
                        .sum(wish, "amount", Duration.ofDays(30)))
                .isEqualTo(5.0);
        assertThat(HostileServices.ping(PING_WITHIN)).isEqualTo("+PONG");
    }
}
