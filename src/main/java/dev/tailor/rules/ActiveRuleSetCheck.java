package dev.tailor.rules;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with a compiled active revision of the default rule set: without one no decision can be made. */
@Readiness
@ApplicationScoped
public class ActiveRuleSetCheck implements HealthCheck {

    private final RuleEngine engine;

    public ActiveRuleSetCheck(RuleEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("active rule set");
        return engine.active()
                .map(ruleSet -> builder.up()
                        .withData("ruleSet", ruleSet.name())
                        .withData("revision", ruleSet.revision())
                        .build())
                .orElseGet(() -> builder.down().build());
    }
}
