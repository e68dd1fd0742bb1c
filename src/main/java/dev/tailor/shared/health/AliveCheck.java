package dev.tailor.shared.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness asks nothing external: a restart cannot mend a Redis or Kafka outage, so a dependency down must show
 * in readiness only, never get a healthy process killed.
 */
@Liveness
@ApplicationScoped
public class AliveCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("tailor");
    }
}
