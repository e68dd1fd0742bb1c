package dev.tailor.sync;

import dev.tailor.events.RedisKeys;
import dev.tailor.security.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A destination's pace, held across nodes: its requests leave at most {@code maxPerSecond} a second, evenly spaced,
 * however many nodes send to it (deliveries, and dead letters replayed on any node). The pace is a token bucket in
 * Redis ({@code tailor:webhooks:pace:{name}}) holding one token, refilled at the destination's rate; a request waits
 * until it takes the token. When Redis does not answer, requests wait with it rather than go unpaced.
 */
@ApplicationScoped
public class DestinationPace {

    private final RateLimiter buckets;

    public DestinationPace(RateLimiter buckets) {
        this.buckets = buckets;
    }

    /** Completes when a request to {@code destination} may leave. */
    public Uni<Void> turn(DestinationView destination) {
        return buckets.take(bucket(destination.name()), destination.maxPerSecond(), 1)
                .flatMap(wait -> wait.isZero()
                        ? Uni.createFrom().voidItem()
                        : Uni.createFrom()
                                .voidItem()
                                .onItem()
                                .delayIt()
                                .by(jittered(wait))
                                .flatMap(ignored -> turn(destination)));
    }

    /**
     * The wait and up to half as long again, at random: nodes refused together would otherwise wake together, and the
     * one whose timer fires first would take every token while the others wait for ever.
     */
    private static Duration jittered(Duration wait) {
        return wait.plusNanos(ThreadLocalRandom.current().nextLong(wait.toNanos() / 2 + 1));
    }

    static String bucket(String destination) {
        return RedisKeys.ROOT + "webhooks:pace:{" + destination + "}";
    }
}
