package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.testing.EventLogWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The scripts the README and docs/ name, each run as a user runs it, against the packaged application: a smoke test of
 * each. They share the local services, so each uses this run's Redis database (TAILOR_TEST_REDIS_DB), a
 * PostgreSQL database of its own, a free port and, where Kafka is read, a topic of its own.
 */
class ScriptsIT {

    private static final Duration LIMIT = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIS_DB = System.getenv().getOrDefault("TAILOR_TEST_REDIS_DB", "1");
    /** A database of this run's own (the suffix of its consumer groups), migrated by the application itself. */
    private static final String DATABASE = "tailor_smoke"
            + System.getenv().getOrDefault("TAILOR_TEST_GROUP_SUFFIX", "").replaceAll("[^a-zA-Z0-9]", "_");
    /** The application on this run's Redis database and database, with no consumer reading the shared topics. */
    private static final String ISOLATED = String.join(
            " ",
            "-Xmx512m",
            "-Dquarkus.redis.hosts=redis://127.0.0.1:6379/" + REDIS_DB,
            "-Dmp.messaging.incoming.events-in.enabled=false",
            "-Dmp.messaging.incoming.segment-changes-in.enabled=false",
            "-Dtailor.rules.backfill-new-facts=false");

    /** The key the local profile makes, as curl -u sends it. */
    private static final String DEV_KEY =
            "Basic " + Base64.getEncoder().encodeToString("tailor-local-dev-key:".getBytes(StandardCharsets.UTF_8));

    @Test
    void servicesUpReusesWhatRunsAndAnUnknownCommandIsAUsageError() throws Exception {
        Script.Run up = Script.run(Map.of(), LIMIT, "scripts/services.sh", "up");
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output())
                .containsPattern("\\[services\\] redis: (running|started)")
                .containsPattern("\\[services\\] postgresql: (running|started)")
                .containsPattern("\\[services\\] kafka: (running|started)");

        Script.Run wrong = Script.run(Map.of(), LIMIT, "scripts/services.sh", "sideways");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.output()).contains("usage:");
    }

    /**
     * Two deployments on one Kafka and Redis: with TAILOR_NAMESPACE, services.sh makes the namespace's topics, and
     * Tailor started by run.sh consumes them under the namespace's groups, writes what it ingests there and keeps the
     * facts under the namespace's keys.
     */
    @Test
    void aNamespacedDeploymentHasTopicsGroupsAndKeysOfItsOwn() throws Exception {
        String namespace = "scripts-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> topics = List.of(
                namespace + ".tailor.events.v1",
                namespace + ".tailor.events.dlq.v1",
                namespace + ".tailor.segment-changes.v1",
                namespace + ".tailor.segment-changes.dlq.v1");
        List<String> groups = List.of(namespace + ".tailor-facts", namespace + ".tailor-webhooks");
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", "127.0.0.1:9092"))) {
            try {
                Script.Run up = Script.run(Map.of("TAILOR_NAMESPACE", namespace), LIMIT, "scripts/services.sh", "up");
                assertThat(up.exit()).as(up.output()).isZero();
                assertThat(up.output()).contains("[services] kafka: created topic " + topics.get(0));
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(topics);
                ConfigResource eventLog = new ConfigResource(ConfigResource.Type.TOPIC, topics.get(0));
                Config kept = admin.describeConfigs(List.of(eventLog))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(eventLog);
                assertThat(kept.get("retention.ms").value()).isEqualTo("-1");

                runNamespaced(namespace, admin, groups, topics.get(0));
            } finally {
                for (String key :
                        redis("--scan", "--pattern", namespace + ":*").lines().toList()) {
                    redis("DEL", key);
                }
                admin.deleteConsumerGroups(groups);
                List<String> made = new ArrayList<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
                made.retainAll(topics);
                admin.deleteTopics(made).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Tailor in the namespace: its groups join, an event it accepts lands on the namespace's event log, and the
     * customer's facts under the namespace's Redis keys.
     */
    private void runNamespaced(String namespace, Admin admin, List<String> groups, String eventLog) throws Exception {
        String customer = "ns-" + UUID.randomUUID();
        createDatabase();
        int port = freePort();
        Path log = Script.log("run.sh");
        Process tailor = Script.start(
                Map.of(
                        "TAILOR_NAMESPACE",
                        namespace,
                        "TAILOR_PORT",
                        Integer.toString(port),
                        "TAILOR_DB_NAME",
                        DATABASE,
                        "JAVA_OPTS",
                        "-Xmx512m -Dquarkus.redis.hosts=redis://127.0.0.1:6379/" + REDIS_DB
                                + " -Dtailor.rules.backfill-new-facts=false"),
                log,
                "scripts/run.sh");
        try {
            await("Tailor's consumer groups joined")
                    .atMost(LIMIT)
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("scripts/run.sh ended: " + log, () -> !tailor.isAlive())
                    .until(
                            () -> admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                                    .map(group -> group.groupId())
                                    .toList(),
                            joined -> joined.containsAll(groups));
            // The consumers join while Quarkus starts, before its HTTP server listens.
            HttpClient http = HttpClient.newHttpClient();
            await("Tailor ready")
                    .atMost(LIMIT)
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("scripts/run.sh ended: " + log, () -> !tailor.isAlive())
                    .ignoreExceptions()
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200);

            HttpResponse<String> accepted = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/track"))
                            .header("Authorization", DEV_KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"userId\":\"" + customer + "\",\"event\":\"Product Viewed\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (int partition = 0; partition < 4; partition++) {
                ends.put(new TopicPartition(eventLog, partition), OffsetSpec.latest());
            }
            long records = admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(end -> end.offset())
                    .sum();
            assertThat(records).as("records on %s", eventLog).isEqualTo(1);
            await().atMost(LIMIT)
                    .until(() -> redis("EXISTS", namespace + ":tailor:c:{" + customer + "}")
                            .equals("1"));
            assertThat(redis("EXISTS", "tailor:c:{" + customer + "}")).isEqualTo("0");
        } finally {
            tailor.destroy(); // SIGTERM: run.sh has exec'ed Java, which shuts down
            assertThat(tailor.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
        }
    }

    @Test
    void runStartsTailorOnThePortItIsGivenAndAnswersTheReadmesDecisionCall() throws Exception {
        createDatabase();
        int port = freePort();
        Path log = Script.log("run.sh");
        Process tailor = Script.start(
                Map.of("TAILOR_PORT", Integer.toString(port), "TAILOR_DB_NAME", DATABASE, "JAVA_OPTS", ISOLATED),
                log,
                "scripts/run.sh");
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest decision = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/decisions/nobody"))
                    .header("Authorization", DEV_KEY)
                    .build();
            HttpResponse<String> answer = await("Tailor answering")
                    .atMost(LIMIT)
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("scripts/run.sh ended: " + log, () -> !tailor.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> http.send(decision, HttpResponse.BodyHandlers.ofString()), Objects::nonNull);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("\"customerId\":\"nobody\"").contains("\"name\":\"marketing\"");
        } finally {
            tailor.destroy(); // SIGTERM: run.sh has exec'ed Java, which shuts down
            assertThat(tailor.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
        }
    }

    @Test
    void replayRebuildsTheFactsOfTheNamedCustomersFromTheLog() throws Exception {
        createDatabase();
        String topic = "tailor.smoke." + UUID.randomUUID();
        String customer = "smoke-" + UUID.randomUUID();
        EventLogWriter.createWithOneEvent(topic, customer);
        try {
            Script.Run replay = Script.run(
                    Map.of(
                            "TAILOR_DB_NAME",
                            DATABASE,
                            "JAVA_OPTS",
                            ISOLATED + " -Dmp.messaging.incoming.events-in.topic=" + topic),
                    LIMIT,
                    "scripts/replay.sh",
                    "--customers",
                    customer);

            assertThat(replay.exit()).as(replay.output()).isZero();
            assertThat(replay.output()).contains("replayed 1 events (1 applied, 0 skipped, 0 unreadable)");
            assertThat(redis("EXISTS", "tailor:c:{" + customer + "}")).isEqualTo("1");
        } finally {
            redis("DEL", "tailor:c:{" + customer + "}");
        }
    }

    @Test
    void benchmarksExplainThemselvesAndADryRunRunsAndWritesNothing() throws Exception {
        Path summary = Script.ROOT.resolve("BENCHMARKS.md");
        String before = Files.readString(summary);

        Script.Run help = Script.run(Map.of(), LIMIT, "bench/run.sh", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("bench/run.sh [NAME...]").contains("--dry-run");

        Script.Run dry = Script.run(Map.of(), LIMIT, "bench/run.sh", "--dry-run", "render", "rules");
        assertThat(dry.exit()).as(dry.output()).isZero();
        assertThat(dry.output())
                .contains("would run bench/render.sh")
                .contains("would run bench/rules.sh")
                .doesNotContain("ingest")
                .doesNotContain("[services]");

        Script.Run unknown = Script.run(Map.of(), LIMIT, "bench/run.sh", "--dry-run", "nosuch");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("no benchmark named nosuch");
        assertThat(Files.readString(summary)).isEqualTo(before);
    }

    @Test
    void theHotCustomerBenchmarksDryRunWritesItsRequestsAndItsClientRuns() throws Exception {
        Path out = Files.createTempFile(Script.ROOT.resolve("target"), "hot-customer-", ".json");
        Script.Run dry = Script.run(
                Map.of(
                        "BENCH_DRY_RUN", "1",
                        "BENCH_OTHERS", "30",
                        "BENCH_HOT_EVENTS", "2600",
                        "BENCH_WARM_EVENTS", "2700",
                        "BENCH_WARM_HOT_EVENTS", "2800"),
                LIMIT,
                "bench/hot-customer.sh",
                out.toString());
        assertThat(dry.exit()).as(dry.output()).isZero();
        assertThat(JSON.readTree(out.toFile()).at("/hotCustomer/dryRun").asBoolean())
                .isTrue();
        Path work = Script.ROOT.resolve("target/bench/hot-customer");
        assertThat(calls(work.resolve("seed"), "bench-")).isEqualTo(30 * 5);
        assertThat(calls(work.resolve("warm"), "warm-")).isEqualTo(2700);
        assertThat(calls(work.resolve("hot-2500"), "hot-")).isEqualTo(2600);
        assertThat(calls(work.resolve("hot-100"), "hot-")).isEqualTo(2600);
        assertThat(calls(work.resolve("warm-hot-2500"), "warm-hot-")).isEqualTo(2800);
        assertThat(calls(work.resolve("warm-hot-100"), "warm-hot-")).isEqualTo(2800);

        // The hot client as the benchmark starts it, released at once, with nothing to send: it answers 0 sent.
        Path empty = Files.createTempDirectory(Script.ROOT.resolve("target"), "hot-client-");
        Path go = Files.createFile(empty.resolve("go"));
        Path result = empty.resolve("result");
        Process client = new ProcessBuilder(
                        "java",
                        "bench/HotClient.java",
                        "http://127.0.0.1:1",
                        "key",
                        empty.toString(),
                        go.toString(),
                        "1",
                        result.toString())
                .directory(Script.ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(client.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(client.exitValue())
                .as(new String(client.getInputStream().readAllBytes()))
                .isZero();
        assertThat(Files.readString(result)).matches("0 0 \\d+\n");
    }

    /** Calls in the batch files of a directory, each of a user whose id starts with {@code prefix}. */
    private static long calls(Path dir, String prefix) throws IOException {
        long count = 0;
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                JsonNode batch = JSON.readTree(file.toFile()).get("batch");
                assertThat(batch.size()).isBetween(1, 2500);
                for (JsonNode call : batch) {
                    assertThat(call.get("userId").asText()).startsWith(prefix);
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * The benchmark itself, both phases, made small: a few customers, a few seconds of renders. Its figures are noise
     * at this size; what counts is that it runs through as a user runs it and reports what it should.
     */
    @Test
    void theHotCustomerBenchmarkRunsBothPhasesAndReportsTheirFigures() throws Exception {
        Path out = Files.createTempFile(Script.ROOT.resolve("target"), "hot-customer-", ".json");
        Script.Run run = Script.run(
                Map.ofEntries(
                        Map.entry("BENCH_PORT", Integer.toString(freePort())),
                        Map.entry("BENCH_REDIS_DB", "13"),
                        Map.entry("BENCH_DB_NAME", DATABASE),
                        Map.entry("BENCH_OTHERS", "30"),
                        Map.entry("BENCH_RATE", "50"),
                        Map.entry("BENCH_DURATION", "2"),
                        Map.entry("BENCH_WARMUP", "3"),
                        Map.entry("BENCH_HOT_EVENTS", "3000"),
                        Map.entry("BENCH_WARM_EVENTS", "300"),
                        Map.entry("BENCH_WARM_HOT_EVENTS", "200"),
                        Map.entry("BENCH_DRAIN_TIMEOUT", "60")),
                LIMIT,
                "bench/hot-customer.sh",
                out.toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("the warm-up's hot customer stored 200 events");
        JsonNode figures = JSON.readTree(out.toFile()).get("hotCustomer");
        assertThat(figures.get("warmHotEvents").asInt()).isEqualTo(200);
        JsonNode unthrottled = figures.get("unthrottled");
        assertThat(unthrottled.get("hotEventsStored").asInt()).isEqualTo(3000);
        assertThat(unthrottled.get("hotRequestsRefused429").asInt()).isZero();
        assertThat(unthrottled.get("drained").asBoolean()).isTrue();
        // The default budget: a burst of 1,000 and 100 a second, so the client is refused long before 3,000.
        JsonNode throttled = figures.get("throttled");
        assertThat(throttled.get("hotEventsStored").asInt()).isBetween(1000, 2999);
        assertThat(throttled.get("hotRequestsRefused429").asInt()).isPositive();
        assertThat(throttled.get("drained").asBoolean()).isTrue();
        for (JsonNode phase : List.of(unthrottled, throttled)) {
            for (String part : List.of("before", "during", "after")) {
                assertThat(phase.at("/" + part + "/latencyMs/p99").asDouble())
                        .as(part)
                        .isPositive();
            }
            assertThat(phase.get("p99Ratio").asDouble()).isPositive();
        }
        // The target is the default budget's; with the budget off the ratio is a figure, not a target.
        assertThat(figures.get("targets").fieldNames()).toIterable().containsExactly("throttledP99Ratio");
        assertThat(command("redis-cli", "-n", "13", "DBSIZE").strip()).isEqualTo("0");
    }

    @Test
    void aNamedBenchmarkReplacesItsFiguresInTheLatestResultsAndTheOthersStay() throws Exception {
        Path summary = Script.ROOT.resolve("BENCHMARKS.md");
        String summaryBefore = Files.readString(summary);
        Path results = Files.createTempDirectory(Script.ROOT.resolve("target"), "bench-results-");
        // The latest real results, as an earlier run's: every part's figures and where they come from.
        Path latest;
        try (var files = Files.list(Script.ROOT.resolve("bench/results"))) {
            latest = files.filter(file -> file.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.json"))
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
        }
        Path previous = Files.copy(latest, results.resolve("2000-01-01.json"));
        JsonNode before = JSON.readTree(previous.toFile());

        // apply is the cheap part: a redis-server of its own, here with a few events timed once.
        Script.Run run = Script.run(
                Map.of(
                        "BENCH_RESULTS_DIR",
                        results.toString(),
                        "BENCH_SUMMARY",
                        results.resolve("BENCHMARKS.md").toString(),
                        "BENCH_DB_NAME",
                        DATABASE,
                        "BENCH_APPLY_PORT",
                        Integer.toString(freePort()),
                        "BENCH_APPLY_HISTORIES",
                        "10 20",
                        "BENCH_APPLY_ROUNDS",
                        "1",
                        "BENCH_APPLY_EVENTS",
                        "10"),
                LIMIT,
                "bench/run.sh",
                "apply");

        assertThat(run.exit()).as(run.output()).isZero();
        Path written = results.resolve(LocalDate.now(ZoneOffset.UTC) + ".json");
        assertThat(written).as(run.output()).exists();
        JsonNode merged = JSON.readTree(written.toFile());
        String commit = command("git", "rev-parse", "--short", "HEAD").strip();
        assertThat(merged.get("commit").asText()).isEqualTo(commit);
        JsonNode measured = merged.get("measured");
        assertThat(measured.get("apply").get("date")).isEqualTo(merged.get("date"));
        assertThat(measured.get("apply").get("commit").asText()).isEqualTo(commit);
        before.get("measured").fields().forEachRemaining(part -> {
            if (!part.getKey().equals("apply")) {
                assertThat(measured.get(part.getKey())).as(part.getKey()).isEqualTo(part.getValue());
            }
        });
        assertThat(merged.get("apply").get("earlier20").get("rounds").asInt()).isEqualTo(1);
        assertThat(merged.get("apply").has("earlier100000")).isFalse();
        assertThat(merged.get("render")).isEqualTo(before.get("render"));
        assertThat(merged.get("failures").findValuesAsText("benchmark")).doesNotContain("apply");
        assertThat(results.resolve("BENCHMARKS.md")).isNotEmptyFile();
        assertThat(JSON.readTree(previous.toFile())).isEqualTo(before);
        assertThat(Files.readString(summary)).isEqualTo(summaryBefore);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void createDatabase() throws Exception {
        String exists = command(
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-tAc",
                "select 1 from pg_database where datname = '" + DATABASE + "'");
        if (!exists.strip().equals("1")) {
            command("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", "create database " + DATABASE);
        }
    }

    private static String redis(String... args) throws Exception {
        String[] line = new String[args.length + 3];
        line[0] = "redis-cli";
        line[1] = "-n";
        line[2] = REDIS_DB;
        System.arraycopy(args, 0, line, 3, args.length);
        return command(line).strip();
    }

    private static String command(String... line) throws Exception {
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
