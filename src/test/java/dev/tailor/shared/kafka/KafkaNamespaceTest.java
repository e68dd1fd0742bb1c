package dev.tailor.shared.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code tailor.namespace} prefixes every topic and consumer group of application.properties' channels, as the
 * application reads them (the interceptor found as Quarkus finds it, through its service file), and nothing else.
 */
class KafkaNamespaceTest {

    private static SmallRyeConfig config(Map<String, String> overrides, String profile) throws IOException {
        URL properties = KafkaNamespaceTest.class.getClassLoader().getResource("application.properties");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredInterceptors()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(properties, 250))
                .withSources(new PropertiesConfigSource(overrides, "overrides", 400))
                .build();
    }

    /** The channels' topic and group settings application.properties writes (without a profile). */
    private static List<String> kafkaNames(SmallRyeConfig config) {
        return StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name ->
                        name.matches("mp\\.messaging\\.[a-z]+\\.[^.]+\\.(topic|group\\.id|dead-letter-queue\\.topic)"))
                .sorted()
                .toList();
    }

    @Test
    void aNamespacePrefixesEveryTopicAndGroup() throws IOException {
        SmallRyeConfig plain = config(Map.of(), "prod");
        SmallRyeConfig staging = config(Map.of("tailor.namespace", "staging"), "prod");

        assertThat(staging.getValue("mp.messaging.incoming.events-in.topic", String.class))
                .isEqualTo("staging.tailor.events.v1");
        assertThat(staging.getValue("mp.messaging.incoming.events-in.group.id", String.class))
                .isEqualTo("staging.tailor-facts");
        assertThat(staging.getValue("mp.messaging.incoming.segment-changes-in.group.id", String.class))
                .isEqualTo("staging.tailor-webhooks");
        List<String> names = kafkaNames(plain);
        assertThat(names)
                .contains(
                        "mp.messaging.outgoing.events-out.topic",
                        "mp.messaging.outgoing.refused-events-out.topic",
                        "mp.messaging.incoming.events-in.dead-letter-queue.topic",
                        "mp.messaging.outgoing.segment-changes-out.topic",
                        "mp.messaging.incoming.segment-changes-in.dead-letter-queue.topic");
        for (String name : names) {
            String own = plain.getValue(name, String.class);
            assertThat(own).as(name).startsWith("tailor");
            assertThat(staging.getValue(name, String.class)).as(name).isEqualTo("staging." + own);
        }
        assertThat(staging.getValue("kafka.bootstrap.servers", String.class))
                .isEqualTo(plain.getValue("kafka.bootstrap.servers", String.class));
    }

    @Test
    void aProfilesOwnGroupIsPrefixedToo() throws IOException {
        SmallRyeConfig test = config(Map.of("tailor.namespace", "brand-b"), "test");

        assertThat(test.getValue("mp.messaging.incoming.events-in.group.id", String.class))
                .startsWith("brand-b.tailor-facts-test");
    }

    @Test
    void noNamespaceLeavesTheNamesAsWritten() throws IOException {
        SmallRyeConfig plain = config(Map.of("tailor.namespace", ""), "prod");

        assertThat(plain.getValue("mp.messaging.incoming.events-in.topic", String.class))
                .isEqualTo("tailor.events.v1");
        assertThat(plain.getValue("mp.messaging.incoming.events-in.group.id", String.class))
                .isEqualTo("tailor-facts");
    }

    @Test
    void aNamespaceKafkaCannotNameIsRefusedNamingTheSetting() throws IOException {
        SmallRyeConfig wrong = config(Map.of("tailor.namespace", "staging/eu"), "prod");

        assertThatThrownBy(() -> wrong.getValue("mp.messaging.incoming.events-in.topic", String.class))
                .hasMessageContaining("tailor.namespace")
                .hasMessageContaining("staging/eu");
    }
}
