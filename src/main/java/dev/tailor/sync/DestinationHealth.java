package dev.tailor.sync;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each destination's deliveries go, as this node sees them: failed attempts in a row, the last error, changes
 * waiting and when the next attempt is due. Shown per destination by {@link DestinationsCheck} (a health group of
 * its own, apart from readiness: a failing ESP never takes Tailor out of service) and as gauges labelled with the
 * destination's name (its id; never its URL): {@code tailor.webhooks.failing} (failed attempts in a row, 0 once one
 * is delivered) and {@code tailor.webhooks.pending} (changes waiting).
 */
@ApplicationScoped
public class DestinationHealth {

    /** One destination's state; written by the node's delivery worker, read by the check and the gauges. */
    public static final class State {
        private volatile int failing;
        private volatile String lastError = "";
        private volatile Instant lastDelivered;
        private volatile Instant nextAttempt;
        private volatile long pending;
        private volatile long deadLettered;

        public int failing() {
            return failing;
        }

        public String lastError() {
            return lastError;
        }

        public Optional<Instant> lastDelivered() {
            return Optional.ofNullable(lastDelivered);
        }

        public Optional<Instant> nextAttempt() {
            return Optional.ofNullable(nextAttempt);
        }

        public long pending() {
            return pending;
        }

        /** Changes this node moved to the dead letters since it started. */
        public long deadLettered() {
            return deadLettered;
        }
    }

    private final MeterRegistry metrics;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public DestinationHealth(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Every destination seen so far, by name. */
    public Map<String, State> all() {
        return Map.copyOf(states);
    }

    State of(String destination) {
        return states.computeIfAbsent(destination, name -> {
            State state = new State();
            Gauge.builder("tailor.webhooks.failing", state, s -> s.failing)
                    .tag("destination", name)
                    .description("Failed webhook attempts in a row (0 once one is delivered)")
                    .register(metrics);
            Gauge.builder("tailor.webhooks.pending", state, s -> s.pending)
                    .tag("destination", name)
                    .description("Segment changes waiting for delivery")
                    .register(metrics);
            return state;
        });
    }

    void delivered(String destination) {
        State state = of(destination);
        state.failing = 0;
        state.lastDelivered = Instant.now();
        state.nextAttempt = null;
    }

    void failed(String destination, String error, Instant nextAttempt) {
        State state = of(destination);
        state.failing++;
        state.lastError = error;
        state.nextAttempt = nextAttempt;
    }

    void deadLettered(String destination, int changes) {
        State state = of(destination);
        state.deadLettered += changes;
        state.nextAttempt = null;
    }

    void pending(String destination, long waiting) {
        of(destination).pending = waiting;
    }

    /** A destination that is gone: nothing is shown for it any longer. */
    void forget(String destination) {
        State state = states.remove(destination);
        if (state != null) {
            metrics.find("tailor.webhooks.failing")
                    .tag("destination", destination)
                    .meters()
                    .forEach(metrics::remove);
            metrics.find("tailor.webhooks.pending")
                    .tag("destination", destination)
                    .meters()
                    .forEach(metrics::remove);
        }
    }
}
