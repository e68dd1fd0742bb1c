package dev.tailor.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Locale;
import java.util.Map;

/**
 * Tailor on the local Redis Cluster ({@link RedisClusterServer}), under a namespace of the profile's own
 * ({@code tailor.namespace}: every Redis key, Kafka topic and consumer group), emptied before Tailor starts. The
 * namespace is named after the profile class and the run's {@code TAILOR_TEST_GROUP_SUFFIX}, so a test class that
 * needs a namespace of its own extends this profile (Quarkus starts Tailor again for it). The rule sets start as
 * anywhere else, their scenario tests applying events on the cluster.
 */
public class OnRedisCluster implements QuarkusTestProfile {

    public static final RedisClusterServer CLUSTER = RedisClusterServer.fromEnvironment();

    /** This profile's namespace. */
    public String namespace() {
        String suffix = System.getenv().getOrDefault("TAILOR_TEST_GROUP_SUFFIX", "");
        return ("cluster-"
                        + getClass()
                                .getName()
                                .substring(getClass().getPackageName().length() + 1) + suffix)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9._-]", "-");
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        CLUSTER.requireAnswering().deleteKeys(namespace() + ":*");
        return Map.of(
                "quarkus.redis.client-type", "cluster",
                "quarkus.redis.hosts", CLUSTER.hosts(),
                "tailor.namespace", namespace());
    }
}
