package dev.tailor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.testing.EventLogWriter;
import java.io.File;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The packaged application stopped with SIGTERM while it applies events: it is gone within 5 s, having stopped
 * cleanly (its own "stopped" line, not a kill), and after a restart every event sent before is applied exactly once,
 * so a batch in flight at the signal was either finished or left uncommitted and done again. Runs on a topic,
 * consumer groups, Redis database and PostgreSQL database of its own.
 */
class ShutdownIT {

    private static final int CUSTOMERS = 60;
    private static final int EVENTS = 12_000;
    private static final String KEY = "shutdown-test-key-" + UUID.randomUUID();
    private static final String REDIS_DB = System.getenv().getOrDefault("TAILOR_TEST_REDIS_DB", "1");
    private static final String SUFFIX =
            System.getenv().getOrDefault("TAILOR_TEST_GROUP_SUFFIX", "").replaceAll("[^a-zA-Z0-9]", "_");
    private static final String DATABASE = "tailor_shutdown" + SUFFIX;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "tailor.shutdown." + run;
    private final String customerPrefix = "stop-" + run + "-";

    @Test
    void sigtermWhileEventsFlowEndsWithinFiveSecondsAndLosesNothing() throws Exception {
        psql("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        psql("CREATE DATABASE " + DATABASE);
        produce();

        int port = freePort();
        Path firstLog = Path.of("target", "shutdown-first.log");
        Process first = start(port, firstLog.toFile());
        try {
            waitUntil(() -> ready(port), Duration.ofSeconds(120), "ready", firstLog);
            waitUntil(() -> applied() > EVENTS / 20, Duration.ofSeconds(60), "first events applied", firstLog);
        } catch (AssertionError | RuntimeException e) {
            first.destroyForcibly().waitFor();
            throw e;
        }
        long atSignal = applied();
        long signalled = System.nanoTime();
        first.destroy(); // SIGTERM
        boolean ended = first.waitFor(5, TimeUnit.SECONDS);
        long tookMillis = (System.nanoTime() - signalled) / 1_000_000;
        if (!ended) {
            first.destroyForcibly().waitFor();
        }
        String firstOutput = Files.readString(firstLog, StandardCharsets.UTF_8);
        System.out.printf(
                "Shutdown took %d ms (%d of %d events applied at the signal)%n", tookMillis, atSignal, EVENTS);
        assertThat(ended)
                .as("stopped within 5 s of SIGTERM; took %d ms:%n%s", tookMillis, tail(firstOutput))
                .isTrue();
        assertThat(firstOutput).as("a clean stop").contains("tailor stopped in");
        assertThat(atSignal).as("signalled mid-stream").isLessThan(EVENTS);

        Path secondLog = Path.of("target", "shutdown-second.log");
        Process second = start(port, secondLog.toFile());
        try {
            waitUntil(() -> applied() >= EVENTS, Duration.ofSeconds(180), "every event applied", secondLog);
        } finally {
            second.destroy();
            second.waitFor(30, TimeUnit.SECONDS);
            second.destroyForcibly().waitFor();
        }
        assertThat(applied()).as("each event applied once").isEqualTo(EVENTS);
    }

    /** The whole load up front, so that the application is still working through it when the signal comes. */
    private void produce() throws Exception {
        try (EventLogWriter log = EventLogWriter.create(topic, Optional.of(4))) {
            for (int i = 0; i < EVENTS; i++) {
                String customer = customerPrefix + (i % CUSTOMERS);
                log.sendTrack(
                        customer,
                        "Product Viewed",
                        "{\"category\":\"shoes\"}",
                        Instant.now().minus(Duration.ofMinutes(i % 600)));
            }
        }
    }

    private Process start(int port, File log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.redis.hosts=redis://127.0.0.1:6379/" + REDIS_DB,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/" + DATABASE,
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/" + DATABASE,
                "-Dmp.messaging.incoming.events-in.topic=" + topic,
                "-Dmp.messaging.incoming.events-in.group.id=" + topic,
                // Small polled batches: the signal lands while batches are applied and acknowledged.
                "-Dmp.messaging.incoming.events-in.max.poll.records=50",
                // Its own webhook group, reading only what arrives from now on: the shared topic's history is not
                // this test's, but the consumer is part of what has to stop.
                "-Dmp.messaging.incoming.segment-changes-in.group.id=" + topic + ".webhooks",
                "-Dmp.messaging.incoming.segment-changes-in.auto.offset.reset=latest",
                "-Dtailor.security.bootstrap-key=" + KEY,
                "-Dtailor.rules.backfill-new-facts=false",
                "-jar",
                System.getProperty("tailor.jar", "target/quarkus-app/quarkus-run.jar")));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    /** Events applied to this run's customers (each hash's version counts the events applied to it). */
    private long applied() {
        String sum = redisCli(
                "EVAL",
                "local applied = 0 for c = 0, tonumber(ARGV[2]) - 1 do "
                        + "applied = applied + tonumber(redis.call('HGET', 'tailor:c:{' .. ARGV[1] .. c .. '}', 'v') or '0') "
                        + "end return applied",
                "0",
                customerPrefix,
                Integer.toString(CUSTOMERS));
        return Long.parseLong(sum.strip());
    }

    private static boolean ready(int port) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String redisCli(String... command) {
        List<String> full = new ArrayList<>(List.of("redis-cli", "--raw", "-n", REDIS_DB));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    private static void psql(String sql) {
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql);
    }

    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : output.substring(output.length() - 6000);
    }

    /** Waits for {@code condition}; on a timeout the assertion shows the end of the application's log. */
    private static void waitUntil(Callable<Boolean> condition, Duration atMost, String what, Path log)
            throws IOException {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + tail(Files.readString(log, StandardCharsets.UTF_8)), e);
        }
    }
}
