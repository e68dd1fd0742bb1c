package dev.tailor.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.security.RateLimiter;
import dev.tailor.security.SecurityConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A destination's pace holds across nodes: two pacers, instances apart as on two nodes (they share nothing but the
 * bucket in Redis), sending to one destination as fast as they are let, together stay within its rate, counted over
 * the whole run and over every second from each send.
 */
@QuarkusTest
class DestinationPaceTest {

    private static final int RATE = 5;
    private static final Duration RUN = Duration.ofSeconds(4);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    SecurityConfig security;

    @Test
    void twoNodesTogetherKeepToTheDestinationsRate() throws Exception {
        DestinationView destination = new DestinationView(
                "pace-" + UUID.randomUUID(), "https://esp.example/hook", "s", null, RATE, 100, List.of());
        List<DestinationPace> nodes = List.of(
                new DestinationPace(new RateLimiter(redis, security)),
                new DestinationPace(new RateLimiter(redis, security)));
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        List<Integer> perNode = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(nodes.size());
        long start = System.nanoTime();
        long end = start + RUN.toNanos();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (DestinationPace node : nodes) {
                running.add(senders.submit(() -> {
                    int mine = 0;
                    while (System.nanoTime() < end) {
                        node.turn(destination).await().atMost(Duration.ofSeconds(5));
                        long at = System.nanoTime();
                        if (at < end) {
                            sent.add(at);
                            mine++;
                        }
                    }
                    perNode.add(mine);
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
        } finally {
            senders.shutdownNow();
        }

        // One token at the start, then RATE a second.
        assertThat(sent.size()).isLessThanOrEqualTo(1 + RATE * (int) RUN.toSeconds());
        // Not a throughput figure: a loaded machine may hold a sender back, never push it past the bucket.
        assertThat(sent.size()).as("the pace lets requests through").isGreaterThanOrEqualTo(RATE);
        assertThat(perNode).as("both nodes sent").allMatch(count -> count > 0);
        List<Long> times = sent.stream().sorted().toList();
        for (int i = 0; i < times.size(); i++) {
            long windowStart = times.get(i);
            long sinceThis = times.stream()
                    .filter(at -> at >= windowStart && at < windowStart + 1_000_000_000L)
                    .count();
            // A send is seen a little after its token was taken, so a window may hold one more than the rate.
            assertThat(sinceThis).as("sends within a second of send %d", i).isLessThanOrEqualTo(RATE + 1);
        }
    }
}
