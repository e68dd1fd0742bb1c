package dev.tailor.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tailor.events.CustomerEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Keeps one customer's flood of events from starving everyone else: each customer has a budget of events a second
 * at HTTP ingest (a {@link TokenBucket}, see {@link IngestConfig.Throttle}), held in this node's memory. A request
 * holding events of a customer over its budget is refused whole with 429 and {@code Retry-After}, which the Segment
 * and RudderStack clients retry, so nothing is lost and nothing of it is stored; other customers' requests go on.
 */
@ApplicationScoped
public class CustomerThrottle {

    /** What a request took from its customers' budgets, to give back if it is not stored after all. */
    public interface Admission {
        void giveBack();
    }

    private static final Admission NOTHING_TAKEN = () -> {};

    private final IngestConfig.Throttle config;
    private final Cache<String, TokenBucket> buckets;
    private final LongSupplier clock;
    private final Counter throttled;

    @Inject
    public CustomerThrottle(IngestConfig config, MeterRegistry metrics) {
        this(config, metrics, System::nanoTime);
    }

    CustomerThrottle(IngestConfig config, MeterRegistry metrics, LongSupplier clock) {
        this.config = config.throttle();
        this.clock = clock;
        // A bucket left alone this long is full again, deep as its debt may have been: forgetting it changes nothing.
        double refillSeconds =
                Math.max(this.config.burst(), config.maxBatchEvents()) / Math.max(this.config.eventsPerSecond(), 1e-3);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(this.config.customers())
                .expireAfterAccess(Duration.ofMillis((long) Math.ceil(refillSeconds * 1000)))
                .build();
        this.throttled = Counter.builder("tailor.ingest.throttled")
                .description("Ingest requests refused with 429 because a customer was over its budget")
                .register(metrics);
    }

    /**
     * Takes the request's accepted events from their customers' budgets, all or none.
     *
     * @param batch whether the request is a batch (fields are then named {@code batch[i].userId})
     * @throws CustomerOverBudgetException naming the first call of the first customer over its budget
     */
    public Admission admit(SegmentCalls calls, boolean batch) {
        if (config.eventsPerSecond() <= 0 || calls.accepted().isEmpty()) {
            return NOTHING_TAKEN;
        }
        long now = clock.getAsLong();
        List<Taken> taken = new ArrayList<>();
        for (Demand demand : demands(calls)) {
            TokenBucket bucket = buckets.get(
                    demand.first.customerId(), id -> new TokenBucket(config.eventsPerSecond(), config.burst(), now));
            long waitNanos = bucket.take(demand.count, now);
            if (waitNanos > 0) {
                taken.forEach(t -> t.bucket.giveBack(t.count, now));
                throttled.increment();
                long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                throw new CustomerOverBudgetException(
                        field(demand, batch),
                        seconds,
                        String.format(
                                "this customer is over its budget of %s events a second (bursts of %d) on this node; nothing "
                                        + "of this request was stored: send it again in %d s",
                                rate(), config.burst(), seconds));
            }
            taken.add(new Taken(bucket, demand.count));
        }
        return () -> {
            long later = clock.getAsLong();
            taken.forEach(t -> t.bucket.giveBack(t.count, later));
        };
    }

    /** The request's accepted events by customer, in request order, with each customer's first call's index. */
    private static List<Demand> demands(SegmentCalls calls) {
        Set<Integer> refusedAt = new HashSet<>();
        calls.refused().forEach(call -> refusedAt.add(call.index()));
        Map<String, Demand> byCustomer = new LinkedHashMap<>();
        int index = 0;
        for (CustomerEvent event : calls.accepted()) {
            while (refusedAt.contains(index)) { // accepted and refused calls together are the request, in order
                index++;
            }
            int at = index++;
            byCustomer.computeIfAbsent(event.customerId(), id -> new Demand(event, at)).count++;
        }
        return List.copyOf(byCustomer.values());
    }

    private static String field(Demand demand, boolean batch) {
        String name = demand.first.customerId().equals(demand.first.userId()) ? "userId" : "anonymousId";
        return batch ? "batch[" + demand.index + "]." + name : name;
    }

    private String rate() {
        double rate = config.eventsPerSecond();
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private static final class Demand {
        final CustomerEvent first;
        final int index;
        int count;

        Demand(CustomerEvent first, int index) {
            this.first = first;
            this.index = index;
        }
    }

    private record Taken(TokenBucket bucket, int count) {}
}
