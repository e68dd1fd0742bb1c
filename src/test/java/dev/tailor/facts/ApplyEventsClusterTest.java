package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerEvent;
import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.testing.LoggedEvents;
import dev.tailor.testing.OnRedisCluster;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Applying events on a Redis Cluster, for customers on every master: apply-event.lua keeps to the customer's slot, a
 * batch goes one pipeline per master, and an event of an id merged into a customer on another master moves there.
 */
@QuarkusTest
@TestProfile(OnRedisCluster.class)
class ApplyEventsClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    FactsStore facts;

    @Inject
    RedisDataSource redis;

    private static List<String> customers(String kind) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids =
                IntStream.range(0, 12).mapToObj(i -> kind + "-" + run + "-" + i).toList();
        assertThat(ids.stream()
                        .map(id -> OnRedisCluster.CLUSTER.masterOf(CustomerKeys.of(id)))
                        .distinct())
                .as("masters holding the test's customers")
                .hasSize(3);
        return ids;
    }

    private long added(String id) {
        return facts.read(id, Instant.now()).await().atMost(WAIT).countEver("Product Added");
    }

    @Test
    void eventsOfCustomersOnEveryMasterAreAppliedAndReadBack() {
        List<String> ids = customers("applied");
        List<CustomerEvent> batch = new ArrayList<>();
        for (String id : ids) {
            batch.add(LoggedEvents.track(id, "Product Added", Instant.now()));
            batch.add(LoggedEvents.track(id, "Product Added", Instant.now()));
        }

        assertThat(facts.applyAll(batch).await().atMost(WAIT)).hasSize(24).containsOnly(true);
        assertThat(facts.applyAll(batch).await().atMost(WAIT)).as("redelivered").containsOnly(false);
        assertThat(facts.apply(LoggedEvents.track(ids.get(0), "Product Added", Instant.now()))
                        .await()
                        .atMost(WAIT))
                .isTrue();

        assertThat(added(ids.get(0))).isEqualTo(3);
        ids.subList(1, ids.size()).forEach(id -> assertThat(added(id)).as(id).isEqualTo(2));
    }

    @Test
    void anEventOfAnIdMergedIntoACustomerOnAnotherMasterMovesThere() {
        List<String> ids = customers("moved");
        String merged = ids.get(0);
        String survivor = ids.stream()
                .filter(id -> OnRedisCluster.CLUSTER.masterOf(CustomerKeys.of(id))
                        != OnRedisCluster.CLUSTER.masterOf(CustomerKeys.of(merged)))
                .findFirst()
                .orElseThrow();
        redis.value(String.class).set(IdentifierKeys.linkKey(merged), survivor);

        assertThat(facts.applyAll(List.of(
                                LoggedEvents.track(merged, "Product Added", Instant.now()),
                                LoggedEvents.track(survivor, "Product Added", Instant.now())))
                        .await()
                        .atMost(WAIT))
                .containsExactly(true, true);
        assertThat(facts.apply(LoggedEvents.track(merged, "Product Added", Instant.now()))
                        .await()
                        .atMost(WAIT))
                .isTrue();

        assertThat(facts.stored(survivor).await().atMost(WAIT)).isNotEmpty();
        assertThat(facts.stored(merged).await().atMost(WAIT)).isEmpty();
        assertThat(added(survivor)).isEqualTo(3);
    }
}
