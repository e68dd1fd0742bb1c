package dev.tailor.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.testing.LoggedEvents;
import dev.tailor.testing.OnRedisCluster;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Erasure on a Redis Cluster, of customers on every master: their keys go, each tombstone lands in its customer's
 * slot, and an event received before the erasure stays refused there, after the tombstones are mirrored again too.
 */
@QuarkusTest
@TestProfile(OnRedisCluster.class)
class ErasureClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    ErasureService erasures;

    @Inject
    FactsStore facts;

    @Inject
    TombstoneMirror mirror;

    @Inject
    RedisDataSource redis;

    private boolean apply(String id, Instant received) {
        return facts.apply(LoggedEvents.track(id, "Product Added", received))
                .await()
                .atMost(WAIT);
    }

    @Test
    void customersOnEveryMasterAreErasedAndStayErased() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids =
                IntStream.range(0, 6).mapToObj(i -> "erased-" + run + "-" + i).toList();
        assertThat(ids.stream()
                        .map(id -> OnRedisCluster.CLUSTER.masterOf(CustomerKeys.of(id)))
                        .distinct())
                .hasSize(3);
        Instant before = Instant.now();
        ids.forEach(id -> assertThat(apply(id, before)).isTrue());

        ids.forEach(id -> erasures.erase(id, "test"));

        for (String id : ids) {
            assertThat(facts.stored(id).await().atMost(WAIT)).as(id).isEmpty();
            assertThat(redis.hash(String.class).hget(TombstoneKeys.of(id), IdentifierKeys.digest(id)))
                    .as(id)
                    .isNotNull();
            redis.key(String.class).del(TombstoneKeys.of(id));
        }
        mirror.mirror();
        for (String id : ids) {
            assertThat(apply(id, before)).as(id).isFalse();
            assertThat(facts.stored(id).await().atMost(WAIT)).as(id).isEmpty();
        }
        assertThat(apply(ids.get(0), Instant.now())).isTrue();
    }
}
