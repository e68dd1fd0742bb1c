package dev.tailor.ingest;

/**
 * One customer's ingest budget: {@code capacity} tokens, refilled at {@code perSecond}; an event costs one. A demand
 * larger than the capacity is met once the bucket is full, leaving it in debt, so that no request is refused for
 * ever. Times are {@link System#nanoTime()} readings, passed in so that tests can choose them.
 */
final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(double perSecond, int capacity, long now) {
        this.perNano = perSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Takes {@code count} tokens and answers 0, or takes none and answers the nanoseconds until it could. */
    synchronized long take(int count, long now) {
        refill(now);
        double needed = Math.min(count, capacity);
        if (tokens >= needed) {
            tokens -= count;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((needed - tokens) / perNano));
    }

    /** Returns tokens taken for a request that was not stored after all. */
    synchronized void giveBack(int count, long now) {
        refill(now);
        tokens = Math.min(capacity, tokens + count);
    }

    private void refill(long now) {
        if (now > refilledAt) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
        }
    }
}
