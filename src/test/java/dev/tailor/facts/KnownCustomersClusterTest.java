package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerKeys;
import dev.tailor.testing.OnRedisCluster;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Which customers have facts, asked of a Redis Cluster whose masters each hold some: the pipelined check and the walk
 * both reach every master. The facts hashes are written directly (ApplyEventsClusterTest applies events there).
 */
@QuarkusTest
@TestProfile(OnRedisCluster.class)
class KnownCustomersClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    FactsStore facts;

    @Inject
    ReactiveRedisDataSource redis;

    /** Customers with facts, on every master (checked), and a few without. */
    private List<String> customersOnEveryMaster() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids =
                IntStream.range(0, 12).mapToObj(i -> "known-" + run + "-" + i).toList();
        Set<Integer> masters = new HashSet<>();
        for (String id : ids) {
            redis.hash(String.class).hset(CustomerKeys.of(id), "v", "1").await().atMost(WAIT);
            masters.add(OnRedisCluster.CLUSTER.masterOf(CustomerKeys.of(id)));
        }
        assertThat(masters).as("masters holding the test's customers").hasSize(3);
        return ids;
    }

    @Test
    void theCustomersWithFactsAreKnownWhicheverMasterHoldsThem() {
        List<String> ids = customersOnEveryMaster();
        List<String> asked = new ArrayList<>(ids);
        asked.add("unknown-" + UUID.randomUUID());
        asked.add("unknown-" + UUID.randomUUID());

        assertThat(facts.known(asked).await().atMost(WAIT)).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aScanFindsTheCustomersOfEveryMaster() {
        List<String> ids = customersOnEveryMaster();

        Set<String> found = new HashSet<>();
        String cursor = "0";
        int pages = 0;
        do {
            CustomerScan page = facts.scan(cursor, 5).await().atMost(WAIT);
            found.addAll(page.customerIds());
            cursor = page.cursor();
            pages++;
        } while (!"0".equals(cursor) && pages < 10_000);

        assertThat(found).containsAll(ids);
    }
}
