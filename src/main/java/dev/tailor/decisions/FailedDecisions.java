package dev.tailor.decisions;

import dev.tailor.events.RedisKeys;
import dev.tailor.hygiene.audit.DataQualityService;
import dev.tailor.hygiene.audit.FoundIssue;
import dev.tailor.hygiene.audit.IssueKind;
import dev.tailor.hygiene.audit.IssueSource;
import dev.tailor.rules.EvaluationFailedException;
import dev.tailor.shared.redis.RedisBatches;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers whose re-decision failed, each alone (the rest of its batch is recorded as usual): counted
 * ({@code tailor_decisions_failed_total} by rule set), noted as a {@code rule-failure} data-quality issue when the
 * rules threw, and put back on the pending set after a backoff that doubles with each failure in a row (a count kept
 * an hour per customer).
 */
@ApplicationScoped
public class FailedDecisions {

    /** How long a customer's run of failures is remembered. */
    private static final Duration REMEMBERED = Duration.ofHours(1);

    /** One customer's failed re-decision under one rule set. */
    public record Failure(String customerId, String ruleSet, Throwable cause) {}

    private final ReactiveRedisDataSource redis;
    private final PendingDecisions pending;
    private final DataQualityService issues;
    private final DecisionConfig config;
    private final MeterRegistry metrics;

    public FailedDecisions(
            ReactiveRedisDataSource redis,
            PendingDecisions pending,
            DataQualityService issues,
            DecisionConfig config,
            MeterRegistry metrics) {
        this.redis = redis;
        this.pending = pending;
        this.issues = issues;
        this.config = config;
        this.metrics = metrics;
    }

    /** Records failures and schedules each customer's next try. */
    public Uni<Void> failed(List<Failure> failures) {
        if (failures.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        List<Request> counts = new ArrayList<>();
        List<FoundIssue> found = new ArrayList<>();
        for (Failure failure : failures) {
            metrics.counter("tailor.decisions.failed", "ruleSet", failure.ruleSet())
                    .increment();
            Log.warnf(
                    "Could not re-decide a customer under rule set %s: %s",
                    failure.ruleSet(), failure.cause().toString());
            Log.debugf("The re-decision of %s failed", failure.customerId());
            String key = RedisKeys.ROOT + "decisions:failures:{" + failure.customerId() + "}";
            counts.add(Request.cmd(Command.INCR).arg(key));
            counts.add(Request.cmd(Command.EXPIRE).arg(key).arg(REMEMBERED.toSeconds()));
            if (!(failure.cause() instanceof EvaluationFailedException)) {
                found.add(new FoundIssue(
                        failure.customerId(),
                        IssueKind.RULE_FAILURE,
                        failure.ruleSet(),
                        "the rules threw while re-deciding: "
                                + failure.cause().getClass().getSimpleName(),
                        IssueSource.REDECISION,
                        1,
                        now));
            }
        }
        noteIssues(found);
        return RedisBatches.send(redis.getRedis(), counts).flatMap(replies -> {
            Map<String, Instant> retries = new LinkedHashMap<>();
            for (int i = 0; i < failures.size(); i++) {
                Response count = replies.get(2 * i);
                Instant at = now.plus(backoff(count == null ? 1 : count.toLong()));
                retries.merge(failures.get(i).customerId(), at, (a, b) -> a.isAfter(b) ? a : b);
            }
            return pending.retryAt(retries);
        });
    }

    Duration backoff(long failuresInARow) {
        long doublings = Math.min(Math.max(failuresInARow - 1, 0), 30);
        Duration wait = config.retryBackoff().multipliedBy(1L << doublings);
        return wait.compareTo(config.retryBackoffMax()) > 0 ? config.retryBackoffMax() : wait;
    }

    /** Stores the issues in the background: a slow PostgreSQL never holds up re-decisions. */
    private void noteIssues(List<FoundIssue> found) {
        if (found.isEmpty()) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                issues.record(found);
            } catch (RuntimeException e) {
                Log.warnf("Could not note %d rule failure(s) as data-quality issues: %s", found.size(), e.toString());
            }
        });
    }
}
