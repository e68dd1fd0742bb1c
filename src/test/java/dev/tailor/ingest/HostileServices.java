package dev.tailor.ingest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Services of the hostile-input tests' own: a Redis on a port of their own, started empty, and an event topic of
 * their own, so that the records they write straight to the log (year 0001, 1e400, ...) never reach another run's
 * consumer or the shared Redis, whatever code that run has.
 */
public class HostileServices implements QuarkusTestResourceLifecycleManager {

    /** 6393, or TAILOR_TEST_HOSTILE_REDIS_PORT: test runs side by side on one machine each need their own Redis. */
    static final int REDIS_PORT = Optional.ofNullable(System.getenv("TAILOR_TEST_HOSTILE_REDIS_PORT"))
            .map(Integer::parseInt)
            .orElse(6393);

    public static final String BOOTSTRAP = "127.0.0.1:9092";
    /** The run's own event topic: other runs of the build use other suffixes. */
    public static final String TOPIC = "tailor.events.v1.hostile"
            + Optional.ofNullable(System.getenv("TAILOR_TEST_GROUP_SUFFIX")).orElse("");

    public static final int PARTITIONS = 2;

    /** The profile of every test that writes hostile input. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(HostileServices.class));
        }
    }

    @Override
    public Map<String, String> start() {
        redisCli("shutdown", "nosave");
        exec(
                "redis-server",
                "--port",
                Integer.toString(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                System.getProperty("java.io.tmpdir"));
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"+PONG".equals(ping(Duration.ofSeconds(1)))) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("redis-server on port " + REDIS_PORT + " did not start");
            }
            sleep(Duration.ofMillis(100));
        }
        createTopic();
        Map<String, String> overrides = new HashMap<>();
        Map.of(
                        "quarkus.redis.hosts",
                        "redis://127.0.0.1:" + REDIS_PORT,
                        "mp.messaging.incoming.events-in.topic",
                        TOPIC,
                        "mp.messaging.outgoing.events-out.topic",
                        TOPIC,
                        "mp.messaging.incoming.events-in.group.id",
                        "tailor-facts-" + TOPIC)
                .forEach((key, value) -> {
                    // The test profile's own settings would win over a key without it.
                    overrides.put(key, value);
                    overrides.put("%test." + key, value);
                });
        return overrides;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        redisCli("shutdown", "nosave");
    }

    /** The Redis's answer to PING read raw from a socket, or why there was none within {@code timeout}. */
    public static String ping(Duration timeout) {
        try (Socket socket = new Socket("127.0.0.1", REDIS_PORT)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The topic as Tailor keeps its event log: records never deleted (Tailor refuses to start otherwise). */
    private static void createTopic() {
        Map<String, String> keepForever =
                Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            try {
                admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1).configs(keepForever)))
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Topic " + TOPIC + " could not be made", e);
                }
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
                admin.incrementalAlterConfigs(Map.of(
                                topic,
                                keepForever.entrySet().stream()
                                        .map(entry -> new AlterConfigOp(
                                                new ConfigEntry(entry.getKey(), entry.getValue()),
                                                AlterConfigOp.OpType.SET))
                                        .toList()))
                        .all()
                        .get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Topic " + TOPIC + " could not be configured", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void redisCli(String... command) {
        String[] full = new String[command.length + 3];
        full[0] = "redis-cli";
        full[1] = "-p";
        full[2] = Integer.toString(REDIS_PORT);
        System.arraycopy(command, 0, full, 3, command.length);
        exec(full);
    }

    private static void exec(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
