package dev.tailor.shared.kafka;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Which deployment this is, when several share a Kafka. */
@ConfigMapping(prefix = "tailor")
public interface NamespaceConfig {

    /**
     * Put with a dot in front of every Kafka topic and consumer group (see {@link KafkaNamespace}); unset, the names
     * are Tailor's own ({@code tailor.events.v1}, {@code tailor-facts}).
     */
    Optional<String> namespace();
}
