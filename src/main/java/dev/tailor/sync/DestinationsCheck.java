package dev.tailor.sync;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Webhook destinations, one line each, at {@code /q/health/group/destinations}: DOWN while any destination's last
 * attempt failed. A group of its own, never part of readiness or liveness: an ESP that is down costs its own
 * deliveries (which wait, retried, then dead-lettered), not Tailor's place behind the load balancer.
 */
@HealthGroup(DestinationsCheck.GROUP)
@ApplicationScoped
public class DestinationsCheck implements HealthCheck {

    static final String GROUP = "destinations";

    private final DestinationHealth health;

    public DestinationsCheck(DestinationHealth health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("webhook destinations");
        boolean allDelivering = true;
        Map<String, DestinationHealth.State> states = new TreeMap<>(health.all());
        for (Map.Entry<String, DestinationHealth.State> entry : states.entrySet()) {
            DestinationHealth.State state = entry.getValue();
            allDelivering &= state.failing() == 0;
            builder.withData(entry.getKey(), describe(state));
        }
        return builder.status(allDelivering).build();
    }

    private static String describe(DestinationHealth.State state) {
        StringBuilder line = new StringBuilder(
                state.failing() == 0
                        ? "delivering"
                        : "failing: " + state.failing() + " attempt(s) in a row, last " + state.lastError());
        line.append("; ").append(state.pending()).append(" waiting");
        state.nextAttempt().ifPresent(next -> line.append("; next attempt at ").append(next));
        if (state.deadLettered() > 0) {
            line.append("; ").append(state.deadLettered()).append(" dead-lettered");
        }
        state.lastDelivered()
                .ifPresent(at -> line.append("; last delivered at ").append(at));
        return line.toString();
    }
}
