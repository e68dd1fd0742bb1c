package dev.tailor.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.schema.EventUpgrader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/** An {@link IngestConfig} for tests without the server: Segment's limits. */
public record TestIngestConfig(
        Duration publishTimeout,
        MemorySize maxEventSize,
        MemorySize maxRequestSize,
        int maxBatchEvents,
        int maxMessageIdLength,
        Duration maxFuture,
        Throttle throttle,
        Apply apply)
        implements IngestConfig {

    /** A customer's budget: events a second, burst, customers remembered. */
    record TestThrottle(double eventsPerSecond, int burst, int customers) implements Throttle {}

    /** The consumer's waits: first and longest backoff, tries while Redis answers; yielding to renders off. */
    public record TestApply(Duration firstBackoff, Duration maxBackoff, int attemptsWhileReachable) implements Apply {

        @Override
        public Apply.YieldToRenders yieldToRenders() {
            return new TestYield(Duration.ZERO, Duration.ofMillis(250), 20, 100, 50);
        }
    }

    /** How applying gives way to renders: bound (0: off), window, fewest renders counted, floor, chunk size. */
    public record TestYield(
            Duration renderP99Bound, Duration window, int minRenders, double minEventsPerSecond, int chunkEvents)
            implements Apply.YieldToRenders {}

    public static TestIngestConfig defaults() {
        return new TestIngestConfig(
                Duration.ofSeconds(10),
                kilobytes(32),
                kilobytes(500),
                2500,
                100,
                Duration.ofDays(1),
                new TestThrottle(100, 1000, 100_000),
                new TestApply(Duration.ofMillis(200), Duration.ofSeconds(5), 5));
    }

    TestIngestConfig withThrottle(Throttle other) {
        return new TestIngestConfig(
                publishTimeout,
                maxEventSize,
                maxRequestSize,
                maxBatchEvents,
                maxMessageIdLength,
                maxFuture,
                other,
                apply);
    }

    public TestIngestConfig withApply(Apply other) {
        return new TestIngestConfig(
                publishTimeout,
                maxEventSize,
                maxRequestSize,
                maxBatchEvents,
                maxMessageIdLength,
                maxFuture,
                throttle,
                other);
    }

    /** The plausibility checks with these limits, summing what {@code summed} declares. */
    public EventPlausibility plausibility(FactSchema summed) {
        TrackedFacts tracked = new TrackedFacts();
        tracked.track(summed);
        return new EventPlausibility(
                this,
                tracked,
                new EventUpgrader(Map.of()),
                new ObjectMapper().registerModule(new JavaTimeModule()),
                new SimpleMeterRegistry());
    }

    private static MemorySize kilobytes(long count) {
        return new MemorySize(BigInteger.valueOf(count * 1024));
    }
}
