package dev.tailor.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Tailor on the local Redis Cluster ({@link RedisClusterServer}), under a namespace of the profile's own
 * ({@code tailor.namespace}: every Redis key, Kafka topic and consumer group), emptied before Tailor starts. The
 * namespace is named after the profile class and the run's {@code TAILOR_TEST_GROUP_SUFFIX}, so a test class that
 * needs a namespace of its own extends this profile (Quarkus starts Tailor again for it). Scripts whose keys span
 * slots (identity's) are refused there (ADR 0012), so the rule sets start without their scenario
 * tests, which apply events: a copy of {@code rules/} without them.
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
                "tailor.namespace", namespace(),
                "tailor.rules.dir", rulesWithoutScenarios().toString());
    }

    private static Path rulesWithoutScenarios() {
        Path rules = Path.of("rules");
        Path copy = Path.of("target", "cluster-rules");
        try (Stream<Path> files = Files.walk(rules)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = rules.relativize(file);
                if (relative.getNameCount() > 2
                        && relative.getName(1).toString().equals("tests")) {
                    continue;
                }
                Files.createDirectories(copy.resolve(relative).getParent());
                Files.copy(file, copy.resolve(relative), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + rules + " to " + copy, e);
        }
        return copy;
    }
}
