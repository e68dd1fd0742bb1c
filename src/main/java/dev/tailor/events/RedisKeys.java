package dev.tailor.events;

import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Where every Redis key Tailor names starts: {@code tailor:}, after the deployment's namespace and a colon when
 * {@code tailor.namespace} is set ({@code staging:tailor:c:{42}}), so that deployments can share a Redis (or a
 * cluster) as they share a Kafka. Keys are named in static helpers all over the features, so the namespace is read
 * once, when this class is first used; it never changes while the process runs.
 */
public final class RedisKeys {

    /** {@code tailor:}, or {@code <namespace>:tailor:}. */
    public static final String ROOT =
            root(ConfigProvider.getConfig().getOptionalValue("tailor.namespace", String.class));

    private RedisKeys() {}

    static String root(Optional<String> namespace) {
        return namespace.filter(name -> !name.isEmpty()).map(RedisKeys::rooted).orElse("tailor:");
    }

    /** A brace would move the hash tags of the keys that carry one (a customer's, an identifier's). */
    private static String rooted(String namespace) {
        if (namespace.contains("{") || namespace.contains("}")) {
            throw new IllegalArgumentException(
                    "tailor.namespace must not hold a brace (it prefixes Redis keys), not \"" + namespace + "\"");
        }
        return namespace + ":tailor:";
    }
}
