package dev.tailor.pipeline;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until every {@code events-in} consumer of this node has been given its partitions. The channel's own
 * readiness turns UP as soon as the consumers connect, tens of seconds before the group assigns partitions, so a
 * rolling restart could take the next node down while this one applies nothing yet.
 */
@Readiness
@ApplicationScoped
public class EventsAssignedCheck implements HealthCheck {

    private final EventsAssignment assignment;

    public EventsAssignedCheck(@Identifier(EventsAssignment.NAME) EventsAssignment assignment) {
        this.assignment = assignment;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("events consumer assigned");
        if (!assignment.enabled()) {
            return builder.up().withData("events-in", "disabled").build();
        }
        return builder.status(assignment.assignedConsumers() >= assignment.copies())
                .withData("consumers", assignment.copies())
                .withData("assigned", assignment.assignedConsumers())
                .withData("partitions", assignment.partitions())
                .build();
    }
}
