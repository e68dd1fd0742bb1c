package dev.tailor.shared.kafka;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Which deployment this is, when several share a Kafka and a Redis. */
@ConfigMapping(prefix = "tailor")
public interface NamespaceConfig {

    /**
     * Put with a dot in front of every Kafka topic and consumer group (see {@link KafkaNamespace}) and with a colon in
     * front of every Redis key ({@code dev.tailor.shared.redis.RedisKeys}); unset, the names are Tailor's own
     * ({@code tailor.events.v1}, {@code tailor-facts}, {@code tailor:c:{42}}).
     */
    Optional<String> namespace();
}
