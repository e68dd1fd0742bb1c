package dev.tailor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.testing.EventLogWriter;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The facts consumer killed mid-stream (kill -9) and restarted: the facts equal those of a clean replay of the
 * same log, so no event was lost or counted twice. Runs the packaged application as separate processes, on a
 * topic, consumer group, Redis databases and PostgreSQL database of its own.
 */
class ConsumerCrashIT {

    private static final Duration POLL = Duration.ofMillis(200);

    private static final int CUSTOMERS = 150;
    private static final int EVENTS = 20_000;
    private static final String KEY = "crash-test-key-" + UUID.randomUUID();

    private final String topic = "tailor.crash." + UUID.randomUUID();

    @Test
    void killedMidStreamTheConsumerEndsWithTheFactsOfACleanReplay() throws Exception {
        // A database of its own, made afresh: whatever an earlier build migrated it to cannot stop the start.
        run(
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-q",
                "-c",
                "DROP DATABASE IF EXISTS tailor_crash WITH (FORCE)");
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "CREATE DATABASE tailor_crash");
        for (int db : new int[] {2, 3}) {
            for (int c = 0; c < CUSTOMERS; c++) {
                redisCli(db, "DEL", "tailor:c:{crash-" + c + "}");
            }
        }
        int expectedApplied = produce();
        Process first = start(2, "live");
        try {
            await("first events applied")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(POLL)
                    .until(() -> appliedIn(2) > EVENTS / 10);
        } finally {
            first.destroyForcibly().waitFor(); // SIGKILL: no chance to commit offsets or finish in-flight work
        }
        long atKill = appliedIn(2);
        assertThat(atKill).as("killed mid-stream").isLessThan(expectedApplied);

        Process second = start(2, "live");
        try {
            await("all events applied")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(POLL)
                    .until(() -> appliedIn(2) >= expectedApplied);
        } finally {
            second.destroy();
            second.waitFor();
        }

        Process replay = replay(3);
        assertThat(replay.waitFor()).isZero();
        Map<String, Map<String, String>> live = facts(2);
        Map<String, Map<String, String>> rebuilt = facts(3);
        assertThat(live).hasSize(CUSTOMERS);
        assertThat(rebuilt).isEqualTo(live);
        assertThat(appliedIn(2)).isEqualTo(expectedApplied);
    }

    /** Events for a few customers, one in twenty sent twice as a retrying client would; answers the distinct ones. */
    private int produce() throws Exception {
        Random random = new Random(7);
        List<String> names = List.of("Product Viewed", "Product Added", "Order Completed", "Email Opened");
        try (EventLogWriter log = EventLogWriter.create(topic, Optional.empty())) {
            for (int i = 0; i < EVENTS; i++) {
                String customer = "crash-" + random.nextInt(CUSTOMERS);
                Instant at = Instant.now().minus(Duration.ofMinutes(random.nextInt(60 * 24 * 6)));
                String event = EventLogWriter.track(
                        customer,
                        UUID.randomUUID().toString(),
                        names.get(random.nextInt(names.size())),
                        "{\"category\":\"shoes\",\"revenue\":12.5}",
                        at);
                log.send(customer, event);
                if (random.nextInt(20) == 0) {
                    log.send(customer, event);
                }
            }
        }
        return EVENTS;
    }

    private Process start(int redisDb, String name) throws IOException {
        Process process = java(
                redisDb,
                List.of(),
                "prod",
                Path.of("target", "crash-" + name + ".log").toFile());
        await("Tailor started")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(POLL)
                .until(ConsumerCrashIT::httpAnswers);
        return process;
    }

    private Process replay(int redisDb) throws IOException {
        return java(
                redisDb,
                List.of("replay"),
                "replay",
                Path.of("target", "crash-replay.log").toFile());
    }

    private Process java(int redisDb, List<String> args, String profile, File log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.profile=" + profile,
                "-Dquarkus.http.port=8093",
                "-Dquarkus.redis.hosts=redis://127.0.0.1:6379/" + redisDb,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/tailor_crash",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/tailor_crash",
                "-Dmp.messaging.incoming.events-in.topic=" + topic,
                "-Dmp.messaging.incoming.events-in.group.id=" + topic,
                // The killed consumer's partitions come back after its session times out: keep that short here.
                "-Dmp.messaging.incoming.events-in.session.timeout.ms=6000",
                // Small polled batches, so that the kill lands mid-stream: batches of 500 apply thousands at once.
                "-Dmp.messaging.incoming.events-in.max.poll.records=20",
                "-Dmp.messaging.incoming.events-in.heartbeat.interval.ms=1000",
                "-Dmp.messaging.incoming.segment-changes-in.enabled=false",
                "-Dtailor.security.bootstrap-key=" + KEY,
                "-Dtailor.rules.backfill-new-facts=false",
                "-jar",
                System.getProperty("tailor.jar", "target/quarkus-app/quarkus-run.jar")));
        command.addAll(args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    /** Events applied to the test's customers, summed by Redis in one call: quick enough to stop the consumer early. */
    private long appliedIn(int db) {
        List<String> sum = redisCli(
                db,
                "EVAL",
                "local applied = 0 for c = 0, tonumber(ARGV[1]) - 1 do "
                        + "applied = applied + tonumber(redis.call('HGET', 'tailor:c:{crash-' .. c .. '}', 'v') or '0') end "
                        + "return applied",
                "0",
                Integer.toString(CUSTOMERS));
        return Long.parseLong(sum.get(0).strip());
    }

    /**
     * Every customer's facts in Redis database {@code db}, read with redis-cli: the hash without its recorded
     * decisions ("d:" and "dp:" fields), which are written when the customer is re-decided, apart from its facts,
     * and whose values span lines; and as "applied" the applied messageIds (binary digests beside the hash) in hex,
     * sorted, without the times they were applied at, which differ between runs.
     */
    private static Map<String, Map<String, String>> facts(int db) {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            List<String> lines = redisCli(
                    db,
                    "EVAL",
                    "local facts = {} local all = redis.call('HGETALL', KEYS[1]) "
                            + "for i = 1, #all, 2 do if string.sub(all[i], 1, 2) ~= 'd:' and string.sub(all[i], 1, 3) ~= 'dp:' "
                            + "then facts[#facts + 1] = all[i] facts[#facts + 1] = all[i + 1] end end "
                            + "local applied = redis.call('ZRANGE', KEYS[2], 0, -1) "
                            + "for i, digest in ipairs(applied) do applied[i] = string.gsub(digest, '.', "
                            + "function(c) return string.format('%02x', string.byte(c)) end) end "
                            + "table.sort(applied) "
                            + "if #applied > 0 then facts[#facts + 1] = 'applied' facts[#facts + 1] = table.concat(applied, ',') end "
                            + "return facts",
                    "2",
                    "tailor:c:{crash-" + c + "}",
                    "tailor:c:{crash-" + c + "}:applied");
            Map<String, String> fields = new HashMap<>();
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                fields.put(lines.get(i), lines.get(i + 1));
            }
            if (!fields.isEmpty()) {
                all.put("crash-" + c, fields);
            }
        }
        return all;
    }

    private static List<String> redisCli(int db, String... command) {
        List<String> full = new ArrayList<>(List.of("redis-cli", "--raw", "-n", Integer.toString(db)));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    /** Runs a command line and answers its output lines. */
    private static List<String> run(String... full) {
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            List<String> lines = new String(
                            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            process.waitFor();
            return lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean httpAnswers() {
        try (Socket socket = new Socket("127.0.0.1", 8093)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
