package dev.tailor.shared.kafka;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.regex.Pattern;

/**
 * {@code tailor.namespace} in front of every Kafka topic and consumer group Tailor's channels name: with namespace
 * {@code staging}, {@code tailor.events.v1} reads {@code staging.tailor.events.v1} and group {@code tailor-facts} reads
 * {@code staging.tailor-facts}, so two deployments sharing a Kafka never read each other's records. Done where the
 * settings are read, so that every channel, whatever profile or property sets its names, and every class reading a
 * channel's topic (TopicSetup, replay) sees the same names. Empty, the names are as written.
 */
@Priority(Priorities.APPLICATION)
public class KafkaNamespace implements ConfigSourceInterceptor {

    static final String NAMESPACE = "tailor.namespace";

    /** A channel's topic, its dead-letter topic, its consumer group. */
    private static final Pattern NAMED = Pattern.compile(
            "mp\\.messaging\\.(incoming|outgoing)\\.[^.]+\\.(topic|group\\.id|dead-letter-queue\\.topic)");

    /** What Kafka allows in a topic name, less room for the longest of Tailor's own (249 characters in all). */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (value == null || value.getValue() == null || !NAMED.matcher(name).matches()) {
            return value;
        }
        ConfigValue namespace = context.proceed(NAMESPACE);
        if (namespace == null
                || namespace.getValue() == null
                || namespace.getValue().isEmpty()) {
            return value;
        }
        return value.withValue(prefix(namespace.getValue()) + value.getValue());
    }

    /** {@code namespace.}, or a refusal naming the setting when Kafka would refuse the names it makes. */
    static String prefix(String namespace) {
        if (!VALID.matcher(namespace).matches()) {
            throw new IllegalArgumentException(NAMESPACE + " must be 1 to 200 letters, digits, '.', '_' or '-' (it"
                    + " prefixes Kafka topic names), not \"" + namespace + "\"");
        }
        return namespace + ".";
    }
}
