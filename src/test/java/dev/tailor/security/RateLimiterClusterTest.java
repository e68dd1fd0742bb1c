package dev.tailor.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.RedisKeys;
import dev.tailor.shared.redis.HashSlot;
import dev.tailor.testing.OnRedisCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Token buckets (take-token.lua, one key each) on a Redis Cluster, one bucket on each master. */
@QuarkusTest
@TestProfile(OnRedisCluster.class)
class RateLimiterClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RateLimiter limiter;

    @Test
    void eachMastersBucketGivesItsBurstThenRefuses() {
        String run = UUID.randomUUID().toString();
        List<String> buckets = IntStream.of(500, 6500, 12500)
                .mapToObj(slot -> RedisKeys.ROOT + "ratelimit:{" + HashSlot.tagOf(slot) + "}:" + run)
                .toList();
        Set<Integer> masters = new HashSet<>();
        buckets.forEach(bucket -> masters.add(OnRedisCluster.CLUSTER.masterOf(bucket)));
        assertThat(masters).hasSize(3);

        for (String bucket : buckets) {
            assertThat(limiter.take(bucket, 1, 2).await().atMost(WAIT)).isZero();
            assertThat(limiter.take(bucket, 1, 2).await().atMost(WAIT)).isZero();
            assertThat(limiter.take(bucket, 1, 2).await().atMost(WAIT))
                    .isPositive()
                    .isLessThanOrEqualTo(Duration.ofSeconds(1));
        }
    }
}
