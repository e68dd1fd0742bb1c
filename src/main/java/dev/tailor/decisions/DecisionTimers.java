package dev.tailor.decisions;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * tailor.decisions: render-time latency by rule set, revision and whether the answer was degraded. Each timer is
 * built and registered once and then looked up by a plain key: building tags and asking the registry on every
 * render showed in the render benchmark's profile.
 */
@ApplicationScoped
public class DecisionTimers {

    private final MeterRegistry metrics;
    private final RenderLatency latency;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public DecisionTimers(MeterRegistry metrics, RenderLatency latency) {
        this.metrics = metrics;
        this.latency = latency;
    }

    private record TimerKey(String ruleSet, long revision, boolean degraded) {}

    /** Records the time since {@code startedNanos} for {@code decision}; answers the decision. */
    public Decision record(Decision decision, long startedNanos) {
        long nanos = System.nanoTime() - startedNanos;
        latency.record(nanos);
        timers.computeIfAbsent(
                        new TimerKey(
                                decision.ruleSet().name(), decision.ruleSet().revision(), decision.degraded()),
                        key -> Timer.builder("tailor.decisions")
                                .description("Render-time decisions")
                                .tags(
                                        "ruleSet",
                                        key.ruleSet(),
                                        "revision",
                                        Long.toString(key.revision()),
                                        "degraded",
                                        Boolean.toString(key.degraded()))
                                .publishPercentileHistogram()
                                .register(metrics))
                .record(nanos, TimeUnit.NANOSECONDS);
        return decision;
    }
}
