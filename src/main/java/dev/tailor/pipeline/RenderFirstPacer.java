package dev.tailor.pipeline;

import dev.tailor.decisions.RenderLatency;
import dev.tailor.ingest.IngestConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The pace at which this node's facts consumers apply events, set so that renders come first: applying and renders
 * share the node's cores, and a customer receiving thousands of events a second would otherwise slow everyone's
 * renders. Every window it reads the renders' 99th percentile ({@link RenderLatency}):
 *
 * <ul>
 *   <li>too few renders to tell (none to give way to): applying is unpaced;
 *   <li>over the bound in a window in which events were applied or waited: the rate halves (the first time from the
 *       rate applied in that window), never below the floor;
 *   <li>over the bound while nothing was applied: the rate holds, applying did not slow them;
 *   <li>at or under the bound: the rate doubles if consumers waited for it; otherwise it stays within twice the most
 *       ever applied in a window while renders stayed fast, so that a burst after a quiet spell starts from a rate
 *       shown harmless (slow start).
 * </ul>
 *
 * Events not yet admitted wait in the log: consumer lag, not loss. A consumer asks before each chunk of events, and
 * a chunk is admitted whole while the budget is not overdrawn; the debt it leaves delays the next, so that the rate
 * holds over time.
 */
@ApplicationScoped
public class RenderFirstPacer {

    private static final double SLOWER = 0.5;
    private static final double FASTER = 2;
    private static final double UNPACED = Double.POSITIVE_INFINITY;
    /** Vert.x timers, which the consumer's waits are, take no less. */
    private static final long MIN_WAIT = 1_000_000;
    /** How long renders may stay slow with applying at the floor before the node says so. */
    private static final long FLOOR_WARNING = 60_000_000_000L;

    private static final long NEVER = Long.MIN_VALUE;

    private final RenderLatency renders;
    private final boolean enabled;
    private final long boundMicros;
    private final long windowNanos;
    private final int minRenders;
    private final double minRate;

    private double rate = UNPACED;
    private double tokens;
    private long refilledAt;
    private long windowStartedAt;
    private long admittedInWindow;
    private boolean heldBackInWindow;
    /** The most events a second applied in a window in which renders stayed fast. */
    private double proven;

    private long slowAtFloorSince = NEVER;

    @Inject
    public RenderFirstPacer(RenderLatency renders, IngestConfig config, MeterRegistry metrics) {
        this(renders, config.apply().yieldToRenders(), System.nanoTime());
        Gauge.builder("tailor.events.apply.pace", this, RenderFirstPacer::eventsPerSecond)
                .description("Events a second this node's consumers may apply while renders are slow; NaN: unpaced")
                .register(metrics);
    }

    /**
     * Looks at every window, not only when a consumer asks: the pace (and its gauge) follows renders while no events
     * come, so that the next event finds it current. Microseconds of work on the event loop.
     */
    void start(@Observes StartupEvent started, Vertx vertx) {
        if (enabled) {
            vertx.setPeriodic(Math.max(1, windowNanos / 1_000_000), id -> steerNow());
        }
    }

    synchronized void steerNow() {
        steer(System.nanoTime());
    }

    RenderFirstPacer(RenderLatency renders, IngestConfig.Apply.YieldToRenders config, long now) {
        this.renders = renders;
        this.enabled = !config.renderP99Bound().isZero();
        this.boundMicros = config.renderP99Bound().toNanos() / 1000;
        this.windowNanos = config.window().toNanos();
        this.minRenders = config.minRenders();
        this.minRate = config.minEventsPerSecond();
        this.windowStartedAt = now;
        this.refilledAt = now;
    }

    /**
     * Admits {@code events} and answers 0, or admits none and answers the nanoseconds to wait before asking again
     * (at least a millisecond, at most a window, so that a pace lifted meanwhile is seen).
     */
    synchronized long admit(int events, long now) {
        if (!enabled) {
            return 0;
        }
        steer(now);
        if (rate == UNPACED) {
            admittedInWindow += events;
            return 0;
        }
        double ceiling = rate * windowNanos / 1e9;
        tokens = Math.min(ceiling, tokens + (now - refilledAt) * rate / 1e9);
        refilledAt = now;
        if (tokens >= 0) {
            tokens -= events;
            admittedInWindow += events;
            return 0;
        }
        heldBackInWindow = true;
        return Math.max(MIN_WAIT, Math.min(windowNanos, (long) Math.ceil(-tokens / rate * 1e9)));
    }

    /** The current pace in events a second; NaN while unpaced. */
    synchronized double eventsPerSecond() {
        return rate == UNPACED ? Double.NaN : rate;
    }

    private void steer(long now) {
        long elapsed = now - windowStartedAt;
        if (elapsed < windowNanos) {
            return;
        }
        RenderLatency.Window window = renders.take();
        double taken = admittedInWindow * 1e9 / elapsed;
        boolean heldBack = heldBackInWindow;
        admittedInWindow = 0;
        heldBackInWindow = false;
        windowStartedAt = now;
        boolean rendering = window.renders() >= minRenders;
        boolean slow = rendering && window.p99Micros() > boundMicros;
        boolean applying = taken > 0 || heldBack;
        Log.debugf(
                "Window: %d renders, p99 %d us, %.0f events/s taken%s, pace %.0f",
                window.renders(), window.p99Micros(), taken, heldBack ? " (held back)" : "", rate);
        if (!slow || rate > minRate) {
            slowAtFloorSince = NEVER;
        }
        if (!rendering) {
            // No renders to give way to (or too few to tell).
            rate = UNPACED;
            return;
        }
        if (slow && !applying) {
            // Nothing was applied in the window: what slowed the renders was not applying. The pace holds.
            return;
        }
        if (slow) {
            pace(Math.max(minRate, (rate == UNPACED ? taken : rate) * SLOWER), now);
            warnIfSlowAtFloor(now, window);
            return;
        }
        if (applying) {
            proven = Math.max(proven, taken);
        }
        // Renders fast. A pace that held consumers back doubles; one that did not is kept within twice the most ever
        // applied in a window while renders stayed fast, so that a burst after a quiet spell starts from a rate shown
        // harmless rather than from no limit at all.
        double ceiling = Math.max(minRate, 2 * proven);
        if (rate == UNPACED) {
            pace(ceiling, now);
        } else {
            rate = heldBack ? rate * FASTER : Math.min(rate * FASTER, ceiling);
        }
    }

    private void pace(double eventsPerSecond, long now) {
        if (rate == UNPACED) {
            tokens = 0;
            refilledAt = now;
        }
        rate = eventsPerSecond;
    }

    /** Renders slow for a minute although applying is at its floor: applying is not what slows them. */
    private void warnIfSlowAtFloor(long now, RenderLatency.Window window) {
        if (slowAtFloorSince == NEVER) {
            slowAtFloorSince = now;
        } else if (now - slowAtFloorSince >= FLOOR_WARNING) {
            Log.warnf(
                    "Renders' p99 (%.1f ms) has been over the bound (%.1f ms) for a minute with events applied at the"
                            + " floor of %.0f a second: applying is not what slows them. Raise"
                            + " tailor.ingest.apply.yield-to-renders.render-p99-bound (0 turns yielding off) or look"
                            + " at the rules and Redis",
                    window.p99Micros() / 1000.0, boundMicros / 1000.0, minRate);
            slowAtFloorSince = now;
        }
    }
}
