package dev.tailor.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.decisions.PendingDecisions.Claimed;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claims on the due-time index, on the real Redis: a claim is a lease, so a sweeper that dies before finishing leaves
 * its customers to be claimed again when the lease ends; a finished claim is not swept again; sweepers racing for the
 * same customers never hold one at once. Each test has sharded indices and claims of its own (4 shards), apart from
 * the running application's sweeper.
 */
@QuarkusTest
class DueClaimsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant LONG_AGO = Instant.parse("2001-01-01T00:00:00Z");

    @Inject
    ReactiveRedisDataSource redis;

    private DecisionShards shards;
    private DueClaims claims;

    @BeforeEach
    void keysOfItsOwn() {
        shards = new DecisionShards(4, "-test-" + UUID.randomUUID());
        claims = new DueClaims(redis, shards);
    }

    /** What a re-decision does to the index: the customer's next change, no later than one already there. */
    private void indexed(String customer, Instant at) {
        redis.execute("ZADD", shards.due(shards.of(customer)), "LT", Long.toString(at.toEpochMilli()), customer)
                .await()
                .atMost(WAIT);
    }

    private boolean onIndex(String customer) {
        return redis.sortedSet(String.class)
                        .zscore(shards.due(shards.of(customer)), customer)
                        .await()
                        .atMost(WAIT)
                != null;
    }

    private long claimsHeld() {
        return shards.all().stream()
                .mapToLong(shard -> redis.sortedSet(String.class)
                        .zcard(shards.claims(shard))
                        .await()
                        .atMost(WAIT))
                .sum();
    }

    /** Claims from every shard. */
    private Uni<List<String>> claim(Instant now, Instant leaseEnd, int limit) {
        return claims.claim(shards.all(), now, leaseEnd, limit).map(Claimed::customerIds);
    }

    @Test
    void aClaimNeverFinishedIsClaimedAgainWhenItsLeaseEnds() {
        indexed("a", LONG_AGO);
        indexed("b", LONG_AGO.plusSeconds(1));
        Instant leaseEnd = LONG_AGO.plusSeconds(30);

        assertThat(claim(LONG_AGO.plusSeconds(5), leaseEnd, 100).await().atMost(WAIT))
                .containsExactlyInAnyOrder("a", "b");
        // The sweeper died here: it never re-decided them nor finished its claims.
        assertThat(claim(leaseEnd.minusMillis(1), leaseEnd.plusSeconds(30), 100)
                        .await()
                        .atMost(WAIT))
                .as("while the lease holds")
                .isEmpty();
        Instant later = leaseEnd.plusSeconds(1);
        assertThat(claim(later, later.plusSeconds(30), 100).await().atMost(WAIT))
                .containsExactlyInAnyOrder("a", "b");
        assertThat(claims.finish(List.of("a", "b"), leaseEnd).await().atMost(WAIT))
                .as("the dead sweeper's lease is over: the claims are the second sweeper's")
                .isZero();
        assertThat(claims.finish(List.of("a", "b"), later.plusSeconds(30))
                        .await()
                        .atMost(WAIT))
                .isEqualTo(2);
        assertThat(claimsHeld()).isZero();
    }

    @Test
    void aFinishedClaimIsNotSweptAgain() {
        indexed("done", LONG_AGO);
        indexed("next", LONG_AGO);
        Instant leaseEnd = LONG_AGO.plusSeconds(30);
        assertThat(claim(LONG_AGO, leaseEnd, 100).await().atMost(WAIT)).containsExactlyInAnyOrder("done", "next");

        // Re-decided: "done" has no next change, "next" changes again in an hour.
        Instant nextChange = LONG_AGO.plusSeconds(3600);
        indexed("next", nextChange);
        assertThat(claims.finish(List.of("done", "next"), leaseEnd).await().atMost(WAIT))
                .isEqualTo(2);

        assertThat(claim(leaseEnd.plusSeconds(1), leaseEnd.plusSeconds(31), 100)
                        .await()
                        .atMost(WAIT))
                .isEmpty();
        assertThat(onIndex("done")).isFalse();
        assertThat(claim(nextChange, nextChange.plusSeconds(30), 100).await().atMost(WAIT))
                .containsExactly("next");
    }

    @Test
    void aClaimedCustomerBackOnTheIndexWaitsForItsClaimToEnd() {
        indexed("c", LONG_AGO);
        Instant leaseEnd = LONG_AGO.plusSeconds(30);
        assertThat(claim(LONG_AGO, leaseEnd, 100).await().atMost(WAIT)).containsExactly("c");
        // Its re-decision found a change due at once, before the claim is finished.
        indexed("c", LONG_AGO.plusSeconds(1));

        assertThat(claim(LONG_AGO.plusSeconds(2), LONG_AGO.plusSeconds(32), 100)
                        .await()
                        .atMost(WAIT))
                .isEmpty();
        claims.finish(List.of("c"), leaseEnd).await().atMost(WAIT);
        assertThat(claim(LONG_AGO.plusSeconds(2), LONG_AGO.plusSeconds(32), 100)
                        .await()
                        .atMost(WAIT))
                .containsExactly("c");
    }

    @Test
    void twoSweepersNeverRunOneCustomerAtOnce() throws Exception {
        List<String> customers =
                IntStream.range(0, 20).mapToObj(i -> "racing-" + i).toList();
        customers.forEach(customer -> indexed(customer, LONG_AGO));
        Set<String> running = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<String> overlaps = new ArrayList<>();
        ExecutorService sweepers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> swept = new ArrayList<>();
            for (int sweeper = 0; sweeper < 2; sweeper++) {
                swept.add(sweepers.submit(() -> {
                    int taken = 0;
                    for (int round = 0; round < 40; round++) {
                        Instant now = Instant.now();
                        Instant leaseEnd = now.plusSeconds(30);
                        List<String> claimed = claim(now, leaseEnd, 20).await().atMost(WAIT);
                        for (String customer : claimed) {
                            if (!running.add(customer)) {
                                synchronized (overlaps) {
                                    overlaps.add(customer);
                                }
                            }
                            runs.computeIfAbsent(customer, c -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        Thread.sleep(2);
                        // Re-decided: each one's next change is due at once, so the two keep racing for them.
                        claimed.forEach(customer -> indexed(customer, now));
                        claimed.forEach(running::remove);
                        claims.finish(claimed, leaseEnd).await().atMost(WAIT);
                        taken += claimed.size();
                    }
                    return taken;
                }));
            }
            for (Future<Integer> sweeper : swept) {
                assertThat(sweeper.get()).as("each sweeper took customers").isPositive();
            }
        } finally {
            sweepers.shutdownNow();
        }
        assertThat(overlaps).isEmpty();
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(customers);
        assertThat(claimsHeld()).isZero();
    }
}
