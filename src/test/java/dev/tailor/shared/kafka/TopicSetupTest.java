package dev.tailor.shared.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tailor makes its topics on the real broker, and will not start on an event log that deletes records. */
class TopicSetupTest {

    private static final String KAFKA = "127.0.0.1:9092";

    private record Settings(int partitions, TopicsConfig.ShortRetention onShortRetention, Duration checkTimeout)
            implements TopicsConfig {
        @Override
        public boolean manage() {
            return true;
        }

        @Override
        public Optional<Short> replicationFactor() {
            return Optional.empty();
        }

        @Override
        public Duration deadLetterRetention() {
            return Duration.ofDays(30);
        }
    }

    private final String prefix = "tailor-topics-test-" + UUID.randomUUID();
    private final List<String> names = List.of(
            prefix + ".events.v1",
            prefix + ".events.dlq.v1",
            prefix + ".segment-changes.v1",
            prefix + ".segment-changes.dlq.v1");
    private Admin admin;

    @BeforeEach
    void connect() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA));
    }

    @AfterEach
    void removeTopics() throws Exception {
        List<String> made = new ArrayList<>(admin.listTopics().names().get());
        made.retainAll(names);
        admin.deleteTopics(made).all().get();
        admin.close();
    }

    private TopicSetup setup(String bootstrap, TopicsConfig.ShortRetention onShortRetention, Duration timeout) {
        return new TopicSetup(
                new Settings(2, onShortRetention, timeout),
                bootstrap,
                names.get(0),
                names.get(1),
                names.get(2),
                names.get(3));
    }

    private Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    @Test
    void missingTopicsAreMadeWithAnEventLogThatKeepsEverything() throws Exception {
        setup(KAFKA, TopicsConfig.ShortRetention.FAIL, Duration.ofSeconds(10)).ensure();

        Map<String, TopicDescription> topics =
                admin.describeTopics(names).allTopicNames().get();
        assertThat(topics).hasSize(4);
        assertThat(topics.values())
                .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
        assertThat(config(names.get(0)).get("retention.ms").value()).isEqualTo("-1");
        assertThat(config(names.get(0)).get("retention.bytes").value()).isEqualTo("-1");
        assertThat(config(names.get(1)).get("retention.ms").value())
                .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));

        // A second node, or a restart, finds them made and starts.
        setup(KAFKA, TopicsConfig.ShortRetention.FAIL, Duration.ofSeconds(10)).ensure();
    }

    @Test
    void anEventLogWithTheBrokersDefaultRetentionRefusesTheStartOrWarnsWhenToldTo() throws Exception {
        // As a broker that auto-creates topics, or a compose file without settings, would leave it: 7 days.
        admin.createTopics(List.of(new NewTopic(names.get(0), Optional.of(2), Optional.empty())
                        .configs(Map.of(
                                "retention.ms", Long.toString(Duration.ofDays(7).toMillis())))))
                .all()
                .get();

        assertThatThrownBy(() -> setup(KAFKA, TopicsConfig.ShortRetention.FAIL, Duration.ofSeconds(10))
                        .ensure())
                .isInstanceOf(EventLogRetentionException.class)
                .hasMessageContaining(names.get(0))
                .hasMessageContaining("retention.ms=604800000")
                .hasMessageContaining("tailor.topics.on-short-retention=warn");

        setup(KAFKA, TopicsConfig.ShortRetention.WARN, Duration.ofSeconds(10)).ensure();
        assertThat(admin.listTopics().names().get()).containsAll(names);
    }

    @Test
    void anUnreachableBrokerLeavesTheTopicsUncheckedWithinTheTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> setup("127.0.0.1:1", TopicsConfig.ShortRetention.FAIL, Duration.ofSeconds(2))
                        .ensure())
                .isInstanceOf(TimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
}
