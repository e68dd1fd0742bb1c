package dev.tailor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    private static final RedisServer REDIS = new RedisServer(
            REDIS_PORT, Path.of(System.getProperty("java.io.tmpdir"), "tailor-hostile-redis-" + REDIS_PORT));

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
        REDIS.start();
        createTopic();
        Map<String, String> overrides = new HashMap<>();
        Map.of(
                        "quarkus.redis.hosts",
                        REDIS.url(),
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

    @Override
    public void stop() {
        REDIS.stop();
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
}
