package dev.tailor.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.cli.Script;
import dev.tailor.testing.RedisServer;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Tailor as the README starts it, {@code scripts/run.sh} with no key of one's own (so the development key and the
 * local profile), on empty services of its own: a private redis-server, a new PostgreSQL database and new topics for
 * events and segment changes (made by Tailor itself at start), so that nothing another run or test does reaches it.
 */
final class ReadmeInstance implements AutoCloseable {

    private static final String KAFKA = "127.0.0.1:9092";
    private static final Duration START_LIMIT = Duration.ofMinutes(4);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    private static final Pattern METRIC = Pattern.compile("(?m)^(tailor_events_\\w+_total)\\{([^}]*)} (\\S+)$");

    private final int port;
    private final RedisServer redis;
    /** What {@link #settle} saw last, for its failure message. */
    private volatile String state = "";

    private final List<String> topics;
    private final Process process;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ReadmeInstance(int port, RedisServer redis, List<String> topics, Process process, Path log) {
        this.port = port;
        this.redis = redis;
        this.topics = topics;
        this.process = process;
        this.log = log;
    }

    /** Starts the services and Tailor; {@link #awaitReady()} waits for it. */
    static ReadmeInstance start(Path work) throws Exception {
        RedisServer redis = new RedisServer(freePort(), work.resolve("redis")).start();
        String database = "tailor_readme"
                + System.getenv().getOrDefault("TAILOR_TEST_GROUP_SUFFIX", "").replaceAll("[^a-zA-Z0-9]", "_");
        run(
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                "drop database if exists " + database,
                "-c",
                "create database " + database);
        String events = "tailor.readme." + UUID.randomUUID();
        String changes = events + ".segment-changes";
        int port = freePort();
        Map<String, String> environment = Map.of(
                "TAILOR_PORT",
                Integer.toString(port),
                "TAILOR_DB_NAME",
                database,
                "TAILOR_REDIS_URL",
                redis.url(),
                // Empty is unset for run.sh: the README's development key, its scopes and the local profile.
                "TAILOR_BOOTSTRAP_KEY",
                "",
                "TAILOR_SECURITY_BOOTSTRAP_SCOPES",
                "",
                "QUARKUS_PROFILE",
                "",
                "JAVA_OPTS",
                String.join(
                        " ",
                        "-Xmx512m",
                        "-Dmp.messaging.outgoing.events-out.topic=" + events,
                        "-Dmp.messaging.incoming.events-in.topic=" + events,
                        "-Dmp.messaging.incoming.events-in.group.id=" + events,
                        "-Dmp.messaging.outgoing.segment-changes-out.topic=" + changes,
                        "-Dmp.messaging.incoming.segment-changes-in.topic=" + changes,
                        "-Dmp.messaging.incoming.segment-changes-in.group.id=" + changes));
        Path log = Script.log("readme-run.sh");
        Process process = Script.start(environment, log, "scripts/run.sh");
        return new ReadmeInstance(port, redis, List.of(events, changes), process, log);
    }

    int port() {
        return port;
    }

    /** Waits until Tailor answers ready: its rule sets in service, its consumers given their partitions. */
    void awaitReady() throws Exception {
        try {
            await("Tailor ready")
                    .atMost(START_LIMIT)
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("scripts/run.sh ended", () -> !process.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> get("/q/health/ready").statusCode() == 200);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + ":\n" + tail(), e);
        }
    }

    /**
     * Waits until every event accepted so far is applied (or dead-lettered) and every customer marked by its events
     * re-decided, as a reader looking at the answers would have waited.
     */
    void settle() throws Exception {
        try {
            await("Tailor settled")
                    .atMost(SETTLE_LIMIT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(this::settled);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Tailor did not settle within " + SETTLE_LIMIT + ": " + state, e);
        }
    }

    /** Whether every event received is applied or dead-lettered and no customer waits to be re-decided. */
    private boolean settled() throws Exception {
        double received = 0;
        double done = 0;
        Matcher metric = METRIC.matcher(get("/q/metrics").body());
        while (metric.find()) {
            double value = Double.parseDouble(metric.group(3));
            switch (metric.group(1)) {
                case "tailor_events_received_total" -> received += value;
                case "tailor_events_applied_total" -> done += value;
                case "tailor_events_dead_lettered_total" ->
                    done += metric.group(2).contains("stage=\"consumer\"")
                                    || metric.group(2).contains("stage=\"apply\"")
                            ? value
                            : 0;
                default -> {}
            }
        }
        // The pending set's shards, summed (a test instance's Redis holds few keys).
        String pending = redis.cli(
                "eval",
                "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('ZCARD', k) end"
                        + " return n",
                "0",
                "tailor:decisions:pending:{*}");
        state = (long) received + " event(s) received, " + (long) done + " applied, " + pending
                + " customer(s) waiting to be re-decided";
        return done >= received && pending.equals("0");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: run.sh has exec'ed Java, which shuts down
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        redis.stop();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA))) {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Left behind on the shared broker: harmless, as no other run uses their names.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as(String.join(" ", command))
                .isTrue();
        return output;
    }
}
