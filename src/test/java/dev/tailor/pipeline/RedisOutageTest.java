package dev.tailor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.security.TestApiKey;
import dev.tailor.testing.OwnEventLog;
import dev.tailor.testing.OwnRedis;
import dev.tailor.testing.TopicReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped for three minutes while events keep coming: ingest keeps accepting them (it writes to Kafka only),
 * the consumer holds its batches with its partitions paused and neither commits nor dead-letters, and when Redis is
 * back (with its data, as a Redis with persistence restarted would be) the same consumers, never restarted nor
 * rebalanced, apply the backlog: every customer's facts then count exactly what was sent and equal those of a clean
 * replay of the log. Runs on a Redis of its own (port 6397; the hostile-input tests hold 6393) and an event log of its
 * own; prints the time from Redis back to the consumer applying again and the rate at which it drained the backlog.
 */
@QuarkusTest
@TestProfile(RedisOutageTest.Profile.class)
class RedisOutageTest {

    /** How long Redis stays away. */
    private static final Duration OUTAGE = Duration.ofMinutes(3);

    private static final int PORT = 6397;
    private static final OwnRedis REDIS = new OwnRedis(PORT);
    private static final int CUSTOMERS = 200;
    private static final int EVENTS_PER_REQUEST = 10;
    private static final Duration SEND_EVERY = Duration.ofMillis(100);
    /** Sending before the outage, and on after Redis is back. */
    private static final Duration BEFORE = Duration.ofSeconds(15);

    private static final Duration AFTER = Duration.ofSeconds(15);
    private static final Duration CATCH_UP = Duration.ofMinutes(5);
    /** Three times the connector's commit interval: offsets acknowledged before Redis stopped are committed by then. */
    private static final Duration COMMITTED_BY = Duration.ofSeconds(15);

    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(OwnRedis.on(PORT), new TestResourceEntry(OwnEventLog.class));
        }
    }

    @Inject
    FactsStore facts;

    @Inject
    EventReplay replay;

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry metrics;

    @Inject
    KafkaClientService kafka;

    @ConfigProperty(name = "mp.messaging.incoming.events-in.group.id")
    String group;

    @TestHTTPResource("/v1/batch")
    URI batchEndpoint;

    /** What ingest accepted for one customer: the expected facts. */
    private record Sent(long views, long orders, long revenue) {
        Sent plus(boolean view, long amount) {
            return view ? new Sent(views + 1, orders, revenue) : new Sent(views, orders + 1, revenue + amount);
        }
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aThreeMinuteRedisOutageUnderLoadLosesNothingAndTheConsumerResumesByItself() throws Exception {
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> customers =
                IntStream.range(0, CUSTOMERS).mapToObj(i -> run + i).toList();
        List<KafkaConsumer<Object, Object>> consumers = consumers();
        // Every consumer in the group with a partition of its own: a consumer that has not joined yet (no member id)
        // would join, and rebalance the group, during the outage.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> assignedPartitions(consumers) == OwnEventLog.PARTITIONS
                        && consumers.stream().allMatch(RedisOutageTest::holdsAPartition)
                        && !memberIds(consumers).containsValue(""));
        Map<Integer, String> members = memberIds(consumers);

        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        AtomicLong requests = new AtomicLong();
        try (TopicReader deadLetters = new TopicReader(OwnEventLog.BOOTSTRAP, TopicReader.DEAD_LETTERS)) {
            sender.scheduleWithFixedDelay(
                    () -> send(run, requests.getAndIncrement()), 0, SEND_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            Thread.sleep(BEFORE.toMillis());
            await().atMost(Duration.ofSeconds(60)).until(() -> applied() > 0);

            REDIS.stopRedisKeepingData();
            long stoppedAt = System.nanoTime();
            // Held batches stop the connector's requests: it pauses every partition, and keeps polling.
            await().atMost(OUTAGE.dividedBy(2)).until(() -> pausedPartitions(consumers) == OwnEventLog.PARTITIONS);
            // What was acknowledged before the stop is committed by the next periodic commit (every 5 s).
            Thread.sleep(Math.max(
                    0,
                    COMMITTED_BY.toMillis()
                            - Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis()));
            Map<TopicPartition, OffsetAndMetadata> committedEarly = committed();
            double appliedEarly = applied();
            Thread.sleep(Math.max(
                    0,
                    OUTAGE.toMillis()
                            - Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis()));
            assertThat(committed()).as("nothing committed while Redis was away").isEqualTo(committedEarly);
            assertThat(applied()).as("nothing applied while Redis was away").isEqualTo(appliedEarly);
            long acceptedDuringOutage = accepted.get();

            REDIS.startRedis();
            long restartedAt = System.nanoTime();
            double appliedAtRestart = applied();
            long backlog = accepted.get() - (long) appliedAtRestart;
            long resumedAt = 0;
            long drainedAt = 0;
            while (drainedAt == 0 && System.nanoTime() - restartedAt < CATCH_UP.toNanos()) {
                double now = applied();
                if (resumedAt == 0 && now > appliedAtRestart) {
                    resumedAt = System.nanoTime();
                }
                if (now >= appliedAtRestart + backlog) {
                    drainedAt = System.nanoTime();
                }
                if (System.nanoTime() - restartedAt > AFTER.toNanos() && !sender.isShutdown()) {
                    sender.shutdown();
                }
                Thread.sleep(50);
            }
            sender.shutdown();
            assertThat(sender.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(drainedAt).as("the backlog drained within " + CATCH_UP).isPositive();
            await().atMost(CATCH_UP).until(() -> applied() >= accepted.get());
            report(backlog, restartedAt, resumedAt, drainedAt, acceptedDuringOutage);

            assertThat(refused).as("ingest kept accepting while Redis was away").isEmpty();
            assertThat(memberIds(consumers))
                    .as("the same consumers, never restarted nor rebalanced")
                    .isEqualTo(members);
            assertThat(pausedPartitions(consumers)).as("partitions resumed").isZero();
            assertThat(deadLetters.within(
                            Duration.ofSeconds(10),
                            record -> String.valueOf(record.key()).startsWith(run)
                                    || String.valueOf(record.value()).contains(run)))
                    .as("nothing dead-lettered")
                    .isEmpty();
        } finally {
            sender.shutdownNow();
        }

        Instant now = Instant.now();
        for (String customer : customers) {
            Sent expected = sent.getOrDefault(customer, new Sent(0, 0, 0));
            Customer live = facts.read(customer, now).await().atMost(Duration.ofSeconds(5));
            assertThat(live.countEver("Product Viewed")).as(customer + " views").isEqualTo(expected.views());
            assertThat(live.countEver("Order Completed"))
                    .as(customer + " orders")
                    .isEqualTo(expected.orders());
            assertThat(live.sum("Order Completed", "revenue", Duration.ofDays(30)))
                    .as(customer + " revenue")
                    .isEqualTo((double) expected.revenue());
        }
        assertThat(applied()).as("each accepted event applied once").isEqualTo((double) accepted.get());

        Map<String, Map<String, String>> live = stored(customers);
        replay.replay(Set.copyOf(customers), new PrintStream(OutputStream.nullOutputStream()));
        assertThat(stored(customers)).as("the facts of a clean replay").isEqualTo(live);
    }

    /** One event the test sends: a view, or an order of {@code amount}. */
    private record Call(String customer, String messageId, boolean view, long amount) {
        String json() {
            return "{\"type\":\"track\",\"userId\":\"" + customer + "\",\"messageId\":\"" + messageId
                    + "\",\"event\":\"" + (view ? "Product Viewed" : "Order Completed") + "\",\"properties\":"
                    + (view ? "{\"category\":\"shoes\"}" : "{\"revenue\":" + amount + "}") + ",\"timestamp\":\""
                    + Instant.now() + "\"}";
        }
    }

    /** Posts one batch of events for the next customers in turn, views and orders by turns; notes what was accepted. */
    private void send(String run, long request) {
        List<Call> calls = LongStream.range(request * EVENTS_PER_REQUEST, (request + 1) * EVENTS_PER_REQUEST)
                .mapToObj(n -> new Call(run + (n % CUSTOMERS), run + "m" + n, (n / CUSTOMERS) % 2 == 0, 1 + n % 7))
                .toList();
        HttpRequest post = HttpRequest.newBuilder(batchEndpoint)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", TestApiKey.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"batch\":[" + calls.stream().map(Call::json).collect(Collectors.joining(",")) + "]}"))
                .build();
        try {
            HttpResponse<String> answer = http.send(post, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                refused.add(answer.statusCode() + " " + answer.body());
                return;
            }
        } catch (IOException | RuntimeException e) {
            refused.add(e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Call call : calls) {
            sent.compute(
                    call.customer(),
                    (customer, before) ->
                            (before == null ? new Sent(0, 0, 0) : before).plus(call.view(), call.amount()));
            accepted.incrementAndGet();
        }
    }

    private double applied() {
        Counter counter =
                metrics.find("tailor.events.applied").tag("outcome", "applied").counter();
        return counter == null ? 0 : counter.count();
    }

    private List<KafkaConsumer<Object, Object>> consumers() {
        List<KafkaConsumer<Object, Object>> all = new ArrayList<>();
        kafka.getConsumerChannels().stream()
                .filter(channel -> channel.startsWith("events-in"))
                .sorted()
                .forEach(channel -> kafka.<Object, Object>getConsumers(channel).stream()
                        .filter(consumer -> !all.contains(consumer))
                        .forEach(all::add));
        assertThat(all).as("the events-in consumers").isNotEmpty();
        return all;
    }

    private static int assignedPartitions(List<KafkaConsumer<Object, Object>> consumers) {
        return consumers.stream()
                .mapToInt(consumer -> consumer.getAssignments()
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .size())
                .sum();
    }

    private static boolean holdsAPartition(KafkaConsumer<Object, Object> consumer) {
        return !consumer.getAssignments().await().atMost(Duration.ofSeconds(10)).isEmpty();
    }

    private static int pausedPartitions(List<KafkaConsumer<Object, Object>> consumers) {
        return consumers.stream()
                .mapToInt(consumer ->
                        consumer.paused().await().atMost(Duration.ofSeconds(10)).size())
                .sum();
    }

    /** Each consumer's member id in the group: a consumer that was restarted or rejoined has another. */
    private static Map<Integer, String> memberIds(List<KafkaConsumer<Object, Object>> consumers) {
        return IntStream.range(0, consumers.size())
                .boxed()
                .collect(Collectors.toMap(
                        i -> i,
                        i -> consumers
                                .get(i)
                                .consumerGroupMetadata()
                                .await()
                                .atMost(Duration.ofSeconds(10))
                                .memberId()));
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", OwnEventLog.BOOTSTRAP))) {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Each customer's facts hash without its recorded decisions ("d:" and "dp:" fields, written when it is re-decided,
     * apart from its facts), and its applied messageIds, sorted, without the times they were applied at.
     */
    private Map<String, Map<String, String>> stored(List<String> customers) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (String customer : customers) {
            Map<String, String> fields = new TreeMap<>(redis.hash(String.class).hgetall(FactsStore.factsKey(customer)));
            fields.keySet().removeIf(field -> field.startsWith("d:") || field.startsWith("dp:"));
            fields.put(
                    "applied",
                    redis.sortedSet(String.class).zrange(FactsStore.appliedKey(customer), 0, -1).stream()
                            .sorted()
                            .collect(Collectors.joining(",")));
            all.put(customer, fields);
        }
        return all;
    }

    private static void report(long backlog, long restartedAt, long resumedAt, long drainedAt, long acceptedByRestart)
            throws IOException {
        double toResume = (resumedAt - restartedAt) / 1e9;
        double toDrain = (drainedAt - restartedAt) / 1e9;
        String line = String.format(
                java.util.Locale.ROOT,
                "Redis outage of %s: %d events accepted by the restart, a "
                        + "backlog of %d; consumer applying again %.1f s after Redis was back, backlog drained after %.1f s "
                        + "(%.0f events/s from the restart, %.0f events/s once applying)%n",
                OUTAGE,
                acceptedByRestart,
                backlog,
                toResume,
                toDrain,
                backlog / toDrain,
                backlog / Math.max(0.001, toDrain - toResume));
        System.out.print(line);
        Files.writeString(Path.of("target", "redis-outage.txt"), line, StandardCharsets.UTF_8);
    }
}
