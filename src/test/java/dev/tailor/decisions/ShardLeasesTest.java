package dev.tailor.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.decisions.PendingDecisions.Claimed;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shards of the decisions' indices under leases, on the real Redis, with nodes simulated in one process (each a
 * {@link ShardLeases} of its own over shards of the test's own): two nodes split the shards and one takes them all once
 * the other stops renewing; two sweepers over leased shards never re-decide one customer at once, and a sweeper that
 * dies holding claims and leases loses no due wake-up; what the unsharded keys of Tailor before the shards hold is
 * moved into the shards.
 */
@QuarkusTest
class ShardLeasesTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int SHARDS = 8;
    private static final Duration LEASE = Duration.ofMillis(1500);

    @Inject
    ReactiveRedisDataSource redis;

    private DecisionShards shards;

    @BeforeEach
    void shardsOfItsOwn() {
        shards = new DecisionShards(SHARDS, "-test-" + UUID.randomUUID());
    }

    private ShardLeases node(String name) {
        return new ShardLeases(redis, shards, name, LEASE);
    }

    private List<Integer> renew(ShardLeases node) {
        return node.renew(Instant.now()).await().atMost(WAIT);
    }

    private void indexed(String customer, Instant at) {
        redis.execute("ZADD", shards.due(shards.of(customer)), "LT", Long.toString(at.toEpochMilli()), customer)
                .await()
                .atMost(WAIT);
    }

    @Test
    void twoNodesSplitTheShardsAndOneTakesThemAllWhenTheOtherStops() throws Exception {
        ShardLeases first = node("first");
        ShardLeases second = node("second");
        assertThat(renew(first)).as("alone, a node takes every shard").hasSize(SHARDS);
        for (int round = 0; round < 3; round++) {
            renew(first);
            renew(second);
        }
        assertThat(first.held()).hasSize(SHARDS / 2);
        assertThat(second.held()).hasSize(SHARDS / 2).doesNotContainAnyElementsOf(first.held());

        // The first node stops renewing: its leases and its place among the nodes lapse.
        long stopped = System.nanoTime();
        while (second.held().size() < SHARDS && System.nanoTime() - stopped < WAIT.toNanos()) {
            Thread.sleep(100);
            renew(second);
        }
        long tookOverMs = (System.nanoTime() - stopped) / 1_000_000;
        Log.infof(
                "The second node held all %d shards %d ms after the first stopped (lease %s)",
                SHARDS, tookOverMs, LEASE);
        assertThat(second.held()).hasSize(SHARDS);
        assertThat(tookOverMs).isGreaterThanOrEqualTo(LEASE.toMillis() - 200);
    }

    @Test
    void aNodeThatStopsGivesItsShardsUpAtOnce() {
        ShardLeases first = node("first");
        ShardLeases second = node("second");
        renew(first);
        renew(second);
        first.release().await().atMost(WAIT);
        assertThat(renew(second)).hasSize(SHARDS);
    }

    @Test
    void sweepersOverLeasedShardsNeverRunOneCustomerAtOnceAndLoseNoWakeUp() throws Exception {
        List<String> customers =
                IntStream.range(0, 200).mapToObj(i -> "swept-" + i).toList();
        Instant start = Instant.now();
        customers.forEach(customer -> indexed(customer, start.minusSeconds(60)));
        DueClaims claims = new DueClaims(redis, shards);
        Set<String> running = ConcurrentHashMap.newKeySet();
        Map<String, Integer> runs = new ConcurrentHashMap<>();
        List<String> overlaps = new ArrayList<>();
        Duration claimLease = Duration.ofSeconds(2);
        Map<String, Instant> orphaned = new ConcurrentHashMap<>();
        Set<String> afterDeath = ConcurrentHashMap.newKeySet();
        // The dying sweeper dies in its first sweep after 2 s that holds claims; the other sweeps on until 5 s after
        // that death (lease of the shards and of the claims both lapsed), or gives up after 30 s.
        AtomicLong diedAt = new AtomicLong(Long.MAX_VALUE);
        long began = System.nanoTime();
        ExecutorService sweepers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> swept = new ArrayList<>();
            for (String name : List.of("dies", "lives")) {
                ShardLeases leases = node(name);
                boolean dies = name.equals("dies");
                swept.add(sweepers.submit(() -> {
                    int taken = 0;
                    while (System.nanoTime() - began < Duration.ofSeconds(30).toNanos()
                            && (dies
                                    || System.nanoTime() - diedAt.get()
                                            < Duration.ofSeconds(5).toNanos())) {
                        Instant now = Instant.now();
                        Instant leaseEnd = now.plus(claimLease);
                        List<Integer> held = leases.renew(now).await().atMost(WAIT);
                        Claimed claimed =
                                claims.claim(held, now, leaseEnd, 40).await().atMost(WAIT);
                        for (String customer : claimed.customerIds()) {
                            if (!running.add(customer)) {
                                synchronized (overlaps) {
                                    overlaps.add(customer);
                                }
                            }
                            runs.merge(customer, 1, Integer::sum);
                            if (orphaned.containsKey(customer)) {
                                afterDeath.add(customer);
                                assertThat(now)
                                        .as("claimed again while the dead sweeper's claim held")
                                        .isAfterOrEqualTo(orphaned.get(customer));
                            }
                        }
                        Thread.sleep(5);
                        if (dies
                                && !claimed.customerIds().isEmpty()
                                && System.nanoTime() - began
                                        > Duration.ofSeconds(2).toNanos()) {
                            // Dies mid-sweep: it neither finishes its claims nor renews its leases again.
                            claimed.customerIds().forEach(customer -> orphaned.put(customer, leaseEnd));
                            // Whether another takes them too early is asked of the claim's time, above.
                            claimed.customerIds().forEach(running::remove);
                            diedAt.set(System.nanoTime());
                            return taken + claimed.customerIds().size();
                        }
                        // Re-decided: each one's next change comes soon, so the two keep racing for them.
                        claimed.customerIds().forEach(customer -> indexed(customer, now.plusMillis(50)));
                        claimed.customerIds().forEach(running::remove);
                        claims.finish(claimed.customerIds(), leaseEnd).await().atMost(WAIT);
                        taken += claimed.customerIds().size();
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
        Log.infof(
                "Two sweepers over %d leased shards: %d runs of %d customers; %d left claimed by the dead one, all"
                        + " swept again by the other",
                SHARDS, runs.values().stream().mapToInt(Integer::intValue).sum(), runs.size(), orphaned.size());
        assertThat(overlaps).as("customers run by both sweepers at once").isEmpty();
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(customers);
        assertThat(orphaned).as("the dying sweeper held claims").isNotEmpty();
        assertThat(afterDeath).as("wake-ups of the dead sweeper's claims").containsAll(orphaned.keySet());
    }

    @Test
    void theUnshardedKeysAreMovedIntoTheShards() {
        Instant marked = Instant.parse("2030-01-01T00:00:00Z");
        Instant due = marked.plusSeconds(60);
        Instant claimEnd = marked.plusSeconds(30);
        List<String> pending =
                IntStream.range(0, 40).mapToObj(i -> "was-pending-" + i).toList();
        for (String customer : pending) {
            redis.execute("ZADD", shards.unshardedPending(), Long.toString(marked.toEpochMilli()), customer)
                    .await()
                    .atMost(WAIT);
        }
        redis.execute("ZADD", shards.unshardedDue(), Long.toString(due.toEpochMilli()), "was-due")
                .await()
                .atMost(WAIT);
        redis.execute("ZADD", shards.unshardedClaims(), Long.toString(claimEnd.toEpochMilli()), "was-claimed")
                .await()
                .atMost(WAIT);

        ShardLeases alone = node("alone");
        assertThat(renew(alone)).contains(0);

        PendingDecisions sharded = new PendingDecisions(redis, shards);
        assertThat(sharded.size().await().atMost(WAIT)).isEqualTo(pending.size());
        assertThat(sharded.pendingSince("was-pending-7").await().atMost(WAIT)).contains(marked);
        Set<Integer> used = new HashSet<>();
        pending.forEach(customer -> used.add(shards.of(customer)));
        assertThat(used).as("shards the moved customers went to").hasSizeGreaterThan(1);
        DecisionStateStore states = new DecisionStateStore(redis, new SegmentCodes(redis), shards);
        assertThat(states.due("was-due").await().atMost(WAIT)).contains(due);
        assertThat(states.due("was-claimed").await().atMost(WAIT))
                .as("a claim moved as a lapsed one, due when its lease ends")
                .contains(claimEnd);
        for (String old : List.of(shards.unshardedPending(), shards.unshardedDue(), shards.unshardedClaims())) {
            assertThat(redis.key().exists(old).await().atMost(WAIT)).as(old).isFalse();
        }
    }
}
