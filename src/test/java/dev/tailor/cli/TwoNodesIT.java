package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tailor.rules.RuleSetArchive;
import dev.tailor.testing.RedisClusterServer;
import dev.tailor.testing.TailorNode;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Tailor nodes on one Kafka, the local three-master Redis Cluster and PostgreSQL, started from the packaged
 * application as an operator starts them, in a namespace of their own: they split the event log's partitions, both follow an activation made on one,
 * a change that time alone makes is announced once, a destination's pace holds across both, and a node killed with
 * {@code kill -9} loses no due wake-up. The last test kills a node, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesIT {

    private static final String BOOTSTRAP = "127.0.0.1:9092";
    private static final String KEY = "two-nodes-key-" + UUID.randomUUID();
    private static final String DATABASE = "tailor_two_nodes";
    private static final RedisClusterServer CLUSTER = RedisClusterServer.fromEnvironment();
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace = "two-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> topics = List.of(
            namespace + ".tailor.events.v1",
            namespace + ".tailor.events.dlq.v1",
            namespace + ".tailor.segment-changes.v1",
            namespace + ".tailor.segment-changes.dlq.v1");
    private final List<String> groups = List.of(namespace + ".tailor-facts", namespace + ".tailor-webhooks");

    private Admin admin;
    private KafkaConsumer<String, String> changes;
    private final List<ConsumerRecord<String, String>> changesSeen = new ArrayList<>();
    private TailorNode first;
    private TailorNode second;

    @BeforeAll
    void startTwoNodes() throws Exception {
        Script.Run up =
                Script.run(Map.of("TAILOR_NAMESPACE", namespace), Duration.ofMinutes(4), "scripts/services.sh", "up");
        assertThat(up.exit()).as(up.output()).isZero();
        CLUSTER.requireAnswering();
        psql("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        psql("CREATE DATABASE " + DATABASE);
        admin = Admin.create(Map.<String, Object>of("bootstrap.servers", BOOTSTRAP));
        changes = changesReader(namespace + ".tailor.segment-changes.v1");
        // One after the other: the first migrates the database and stores the sample rule set's first revision.
        first = TailorNode.start(namespace + "-first", settings("first"));
        second = TailorNode.start(namespace + "-second", settings("second"));
    }

    private Map<String, String> settings(String node) {
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.profile", "local");
        settings.put("tailor.namespace", namespace);
        settings.put("tailor.security.bootstrap-key", KEY);
        settings.put("tailor.security.bootstrap-scopes", "ingest,decide,admin");
        settings.put("quarkus.redis.client-type", "cluster");
        settings.put("quarkus.redis.hosts", CLUSTER.hosts());
        settings.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + DATABASE);
        settings.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/" + DATABASE);
        settings.put("tailor.decisions.sweep-every", "1s");
        settings.put("tailor.decisions.sweep-lease", LEASE.toSeconds() + "s");
        settings.put("tailor.rules.backfill-new-facts", "false");
        settings.put("tailor.sync.allowed-hosts", "localhost");
        settings.put("tailor.sync.reload-every", "1s");
        // A killed node's partitions come back after its session times out: keep that short here.
        // Two consumers a node on the four partitions services.sh makes: with the default four, the first node's
        // consumers could hold every partition and the second none (docs/operations.md, Several nodes).
        settings.put("mp.messaging.incoming.events-in.concurrency", "2");
        for (String channel : List.of("events-in", "segment-changes-in")) {
            settings.put("mp.messaging.incoming." + channel + ".client-id-prefix", node + "-");
            settings.put("mp.messaging.incoming." + channel + ".session.timeout.ms", "6000");
            settings.put("mp.messaging.incoming." + channel + ".heartbeat.interval.ms", "1000");
        }
        return settings;
    }

    @AfterAll
    void stopAndClean() throws Exception {
        for (TailorNode node : new TailorNode[] {first, second}) {
            if (node != null) {
                node.close();
            }
        }
        if (changes != null) {
            changes.close();
        }
        CLUSTER.deleteKeys(namespace + ":*");
        if (admin != null) {
            admin.deleteConsumerGroups(groups);
            List<String> made = new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            made.retainAll(topics);
            admin.deleteTopics(made).all().get(30, TimeUnit.SECONDS);
            admin.close();
        }
    }

    @Test
    @Order(1)
    void theNodesSplitTheEventLogsPartitions() {
        Map<String, Set<Integer>> byNode = await("both nodes own partitions")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> partitionsByNode(namespace + ".tailor-facts"),
                        owned -> owned.size() == 2 && owned.values().stream().noneMatch(Set::isEmpty));
        assertThat(byNode.keySet()).containsExactlyInAnyOrder("first", "second");
        Set<Integer> all = new HashSet<>();
        byNode.values().forEach(all::addAll);
        assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(byNode.values().stream().mapToInt(Set::size).sum()).isEqualTo(4);
    }

    @Test
    @Order(2)
    void bothNodesFollowAnActivationMadeOnOne() {
        String ruleSet = "two_nodes_" + UUID.randomUUID().toString().substring(0, 8);
        long revision = upload(first, ruleSet, "everyone");
        first.given(KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("revision", revision))
                .post("/admin/rule-sets/{name}/activations", ruleSet)
                .then()
                .statusCode(201);
        for (TailorNode node : List.of(first, second)) {
            await(node.name() + " serves the activated revision")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> node.given(KEY)
                                    .queryParam("ruleSet", ruleSet)
                                    .get("/v1/decisions/{id}", "someone-" + UUID.randomUUID())
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .jsonPath()
                                    .getLong("ruleSet.revision"),
                            served -> served == revision);
        }
    }

    @Test
    @Order(3)
    void aChangeTimeAloneMakesIsAnnouncedOnce() {
        List<String> customers = customers("timed", 12);
        // Carts that turn 24 hours old 15 seconds from now: the customers are abandoners now, and not then.
        Instant added = Instant.now().minus(Duration.ofHours(24)).plus(Duration.ofSeconds(15));
        addToCarts(customers, added);

        Map<String, Set<String>> timed = awaitChanges(customers, "TIME", Duration.ofSeconds(90));
        // Give a second announcement every chance to arrive: two sweepers, each sweeping every second.
        readChanges(Duration.ofSeconds(4));
        timed = changeIds(customers, "TIME");
        assertThat(timed).hasSize(customers.size());
        assertThat(timed.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(announcements(customers, "TIME")).as("TIME announcements").hasSize(customers.size());
    }

    @Test
    @Order(4)
    void aDestinationsPaceHoldsAcrossBothNodes() throws Exception {
        int perSecond = 3;
        List<Instant> arrivals = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            arrivals.add(Instant.now());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String destination = "paced-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            first.given(KEY)
                    .contentType(ContentType.JSON)
                    .body(Map.of(
                            "url",
                            "http://localhost:" + receiver.getAddress().getPort() + "/hook",
                            "signingSecret",
                            "two-nodes-signing-secret",
                            "ruleSet",
                            "marketing",
                            "maxPerSecond",
                            perSecond,
                            "batchSize",
                            1))
                    .put("/admin/destinations/{name}", destination)
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(201);
            Thread.sleep(3_000); // both nodes reload their destinations every second
            List<String> customers = customers("paced", 24);
            addToCarts(customers, Instant.now());
            awaitChanges(customers, "EVENT", Duration.ofSeconds(60));
            await("every change delivered")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> arrivals.size() >= customers.size());
            List<Instant> sorted = arrivals.stream().sorted().toList();
            int mostInASecond = IntStream.range(0, sorted.size())
                    .map(i -> (int) sorted.stream()
                            .filter(at -> !at.isBefore(sorted.get(i))
                                    && at.isBefore(sorted.get(i).plusSeconds(1)))
                            .count())
                    .max()
                    .orElse(0);
            // The bucket holds one token and refills at the pace: one more in a second is the most either node sees.
            assertThat(mostInASecond).as("deliveries in any one second").isLessThanOrEqualTo(perSecond + 1);
            Duration spread = Duration.between(sorted.get(0), sorted.get(sorted.size() - 1));
            assertThat(spread).isGreaterThanOrEqualTo(Duration.ofSeconds(customers.size() / (perSecond + 1) - 1));
        } finally {
            first.given(KEY).delete("/admin/destinations/{name}", destination);
            receiver.stop(0);
        }
    }

    @Test
    @Order(5)
    void aNodeKilledMidSweepLosesNoDueWakeUp() throws Exception {
        List<String> customers = customers("killed", 30);
        Instant now = Instant.now();
        // Carts turning 24 hours old over ten seconds, starting 20 seconds from now, added through both nodes.
        for (int i = 0; i < customers.size(); i++) {
            Instant added = now.minus(Duration.ofHours(24)).plus(Duration.ofMillis(20_000 + i * 333L));
            track(i % 2 == 0 ? first : second, customers.get(i), added);
        }
        awaitChanges(customers, "EVENT", Duration.ofSeconds(60));
        await("the first carts turned 24 hours old")
                .atMost(Duration.ofSeconds(60))
                .until(() -> Instant.now().isAfter(now.plusSeconds(24)));
        first.kill();
        assertThat(first.alive()).isFalse();

        Map<String, Set<String>> timed = awaitChanges(customers, "TIME", Duration.ofSeconds(90));
        readChanges(Duration.ofSeconds(4));
        timed = changeIds(customers, "TIME");
        assertThat(timed).as("customers whose cart ending was announced").hasSize(customers.size());
        assertThat(timed.values())
                .as("distinct changes per customer")
                .allSatisfy(ids -> assertThat(ids).hasSize(1));
        // The second node answers for everyone now.
        second.given(KEY).get("/v1/decisions/{id}", customers.get(0)).then().statusCode(200);
    }

    private static long upload(TailorNode node, String ruleSet, String segment) {
        byte[] zip = RuleSetArchive.zip(Map.of(
                "facts.yaml",
                "events:\n  Page Viewed: {window: 7d}\n".getBytes(StandardCharsets.UTF_8),
                "rules.drl",
                """
                        package tailor.twonodes;
                        import dev.tailor.rules.Segment;
                        import dev.tailor.facts.Customer;
                        rule "Everyone" when Customer() then insert(Segment.marketing("%s")); end
                        """.formatted(segment).getBytes(StandardCharsets.UTF_8)));
        return node.given(KEY)
                .contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/revisions", ruleSet)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private List<String> customers(String kind, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return IntStream.range(0, count)
                .mapToObj(i -> kind + "-" + run + "-" + i)
                .toList();
    }

    /** Each customer adds to its cart at {@code at}, through the two nodes in turn. */
    private void addToCarts(List<String> customers, Instant at) {
        for (int i = 0; i < customers.size(); i++) {
            track(i % 2 == 0 ? first : second, customers.get(i), at);
        }
    }

    private static void track(TailorNode node, String customer, Instant at) {
        node.given(KEY)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "userId",
                        customer,
                        "event",
                        "Product Added",
                        "messageId",
                        UUID.randomUUID().toString(),
                        "timestamp",
                        at.toString()))
                .post("/v1/track")
                .then()
                .statusCode(200);
    }

    /** Waits until every customer has a change of {@code cause} on the namespace's topic; answers their ids. */
    private Map<String, Set<String>> awaitChanges(List<String> customers, String cause, Duration limit) {
        return await(cause + " changes for " + customers.size() + " customers")
                .atMost(limit)
                .pollInterval(Duration.ZERO)
                .until(
                        () -> {
                            readChanges(Duration.ofMillis(500));
                            return changeIds(customers, cause);
                        },
                        ids -> ids.size() == customers.size());
    }

    private Map<String, Set<String>> changeIds(Collection<String> customers, String cause) {
        Map<String, Set<String>> ids = new ConcurrentHashMap<>();
        for (JsonNode change : announcements(customers, cause)) {
            ids.computeIfAbsent(change.get("customerId").asText(), customer -> new HashSet<>())
                    .add(change.get("changeId").asText());
        }
        return ids;
    }

    private List<JsonNode> announcements(Collection<String> customers, String cause) {
        Set<String> wanted = Set.copyOf(customers);
        List<JsonNode> found = new ArrayList<>();
        for (ConsumerRecord<String, String> record : changesSeen) {
            if (!wanted.contains(record.key())) {
                continue;
            }
            try {
                JsonNode change = JSON.readTree(record.value());
                if (cause.equals(change.path("cause").asText())) {
                    found.add(change);
                }
            } catch (IOException e) {
                throw new AssertionError("unreadable change " + record.value(), e);
            }
        }
        return found;
    }

    private void readChanges(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            changes.poll(Duration.ofMillis(250)).forEach(changesSeen::add);
        }
    }

    private static KafkaConsumer<String, String> changesReader(String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers",
                BOOTSTRAP,
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
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The partitions each node's consumers hold, by the node's client id prefix; a node holding none is left out. */
    private Map<String, Set<Integer>> partitionsByNode(String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(group);
        Map<String, Set<Integer>> byNode = new HashMap<>();
        for (MemberDescription member : description.members()) {
            String node = member.clientId().substring(0, member.clientId().indexOf('-'));
            member.assignment()
                    .topicPartitions()
                    .forEach(partition ->
                            byNode.computeIfAbsent(node, n -> new HashSet<>()).add(partition.partition()));
        }
        return byNode;
    }

    private static void psql(String statement) throws Exception {
        Script.Run run = Script.run(
                Map.of(), Duration.ofMinutes(1), "-c", "psql -h 127.0.0.1 -U postgres -q -c \"" + statement + "\"");
        assertThat(run.exit()).as(run.output()).isZero();
    }
}
