package dev.tailor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * An event log of the test's own: a topic made afresh for the run (kept for good, as Tailor requires of its event
 * log), which ingest writes to and a consumer group of its own reads, so that the test sees its own events only and
 * other runs never see them. Removed when the test ends.
 */
public class OwnEventLog implements QuarkusTestResourceLifecycleManager {

    public static final String BOOTSTRAP = "127.0.0.1:9092";
    public static final int PARTITIONS = 4;

    private final String topic = "tailor.events.v1.own-" + UUID.randomUUID();

    @Override
    public Map<String, String> start() {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1)
                            .configs(Map.of(
                                    TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1"))))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Topic " + topic + " could not be made", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, String> overrides = new HashMap<>();
        Map.of(
                        "mp.messaging.incoming.events-in.topic",
                        topic,
                        "mp.messaging.outgoing.events-out.topic",
                        topic,
                        "mp.messaging.incoming.events-in.group.id",
                        topic)
                .forEach((key, value) -> {
                    // The test profile's own settings would win over a key without it.
                    overrides.put(key, value);
                    overrides.put("%test." + key, value);
                });
        return overrides;
    }

    @Override
    public void stop() {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            // Left behind on the shared broker: harmless, as no other run uses its name.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", BOOTSTRAP));
    }
}
