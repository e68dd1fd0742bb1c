package dev.tailor.ingest;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the Segment Spec ingest endpoints; the limits default to Segment's own. */
@ConfigMapping(prefix = "tailor.ingest")
public interface IngestConfig {

    /** How long an ingest request waits for Kafka to acknowledge its events before answering 503. */
    @WithDefault("10s")
    Duration publishTimeout();

    /** Largest call, as JSON: a larger call in a batch is refused alone; a larger single call is a 400. */
    @WithDefault("32K")
    MemorySize maxEventSize();

    /** Largest request body after decompression; a larger request is refused whole (400). */
    @WithDefault("500K")
    MemorySize maxRequestSize();

    /** Most calls in one batch; a batch with more is refused whole (400). */
    @WithDefault("2500")
    int maxBatchEvents();

    /** Longest messageId, in characters; a call with a longer one is refused. */
    @WithDefault("100")
    int maxMessageIdLength();

    /**
     * How far ahead of Tailor's clock an event time may be (timestamp, originalTimestamp, sentAt, the skew-corrected
     * time); a later one is refused, as is one before 2000-01-01T00:00:00Z (see {@link EventPlausibility}).
     */
    @WithDefault("1d")
    Duration maxFuture();

    /** Each customer's budget of events at the HTTP entry, so that one hot customer cannot starve the others. */
    Throttle throttle();

    /** How the consumer that applies events to the facts waits out an outage of Redis (the pipeline's PatientApply) and gives way to renders. */
    Apply apply();

    /**
     * Waits between tries at a batch or event whose way to Redis failed, and how often one that fails while Redis
     * answers is tried before it is counted as unusable.
     */
    interface Apply {

        /** First wait before a try again; each later wait doubles (with jitter), up to {@link #maxBackoff()}. */
        @WithDefault("200ms")
        Duration firstBackoff();

        /** Longest wait between tries: how long, at most, the consumer lags behind a Redis that is back. */
        @WithDefault("5s")
        Duration maxBackoff();

        /**
         * Tries at a batch (then at each of its events) that fails in a way not known to be the event's own nor
         * Redis's (a timeout, an unexpected exception) while Redis answers PING; past them a batch is taken event by
         * event and an event is dead-lettered. Failures while Redis does not answer, or answers about its own state
         * (OOM, READONLY, ...), never count: those are waited out however long they last.
         */
        @WithDefault("5")
        int attemptsWhileReachable();

        /** How applying gives way to renders on this node (the pipeline's RenderFirstPacer). */
        YieldToRenders yieldToRenders();

        /**
         * Renders come first: while this node's renders are slow, its consumers apply events more slowly (the events
         * wait in the log, nothing is lost), and speed up again once renders are fast.
         */
        interface YieldToRenders {

            /**
             * Renders' 99th percentile (in Tailor, from the call to the decision) over a window above which applying
             * slows down; 0 turns yielding off.
             */
            @WithDefault("5ms")
            Duration renderP99Bound();

            /** How often the render latency is looked at and the apply rate set. */
            @WithDefault("250ms")
            Duration window();

            /** Fewest renders in a window for its percentile to count: a quieter window is taken as fast. */
            @WithDefault("20")
            int minRenders();

            /** Events a second this node applies however slow renders are, so that facts never stand still. */
            @WithDefault("100")
            double minEventsPerSecond();

            /**
             * Most events applied in one step: a polled batch is applied in chunks of this many, in order, each
             * admitted by the pace and sent to Redis in one round trip, so that applying comes in steps renders pass
             * between rather than in one burst of a whole batch. Small, because Redis runs a round trip's scripts
             * without a break (about 0.1 ms an event): a render's read that arrives meanwhile waits for all of them.
             */
            @WithDefault("5")
            int chunkEvents();
        }
    }

    /**
     * A token bucket per customer, kept in this node's memory (no Redis round trip): the budget is per node, so a
     * customer whose calls are spread over N nodes may send up to N times as much.
     */
    interface Throttle {

        /** Events a second one customer may send, sustained; 0 turns the throttle off. */
        @WithDefault("100")
        double eventsPerSecond();

        /**
         * Events one customer may send at once on top of that rate. A request holding more events of one customer
         * than this is still admitted once that customer's budget is full; the customer then waits longer.
         */
        @WithDefault("1000")
        int burst();

        /**
         * Most customers whose budgets a node remembers; past it the least recently active are forgotten, which
         * gives them a full budget again. A budget left alone until it has refilled is forgotten anyway.
         */
        @WithDefault("100000")
        int customers();
    }
}
