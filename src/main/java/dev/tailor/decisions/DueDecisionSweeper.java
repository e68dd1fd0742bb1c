package dev.tailor.decisions;

import dev.tailor.decisions.PendingDecisions.Claimed;
import dev.tailor.decisions.SegmentsChanged.Cause;
import dev.tailor.rules.RuleEngine;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Sweeps the due-time index's shards this node holds ({@link ShardLeases}): every customer whose decision may have changed by time alone (a cart reaching 24
 * hours, a view leaving a 7-day window) is re-decided, and a change is announced. Several nodes may sweep; each
 * customer is claimed by one at a time, under a lease ({@link DueClaims}): a sweeper that dies before finishing leaves
 * its customers to be swept again when the lease ends. One sweep claims and re-decides up to {@code sweep-batch}
 * customers together.
 */
@ApplicationScoped
public class DueDecisionSweeper {

    private final DecisionStateStore states;
    private final DueClaims claims;
    private final ShardLeases leases;
    private final DecisionRefresher decisions;
    private final DecisionConfig config;
    private final RuleEngine engine;

    public DueDecisionSweeper(
            DecisionStateStore states,
            DueClaims claims,
            ShardLeases leases,
            DecisionRefresher decisions,
            DecisionConfig config,
            RuleEngine engine) {
        this.states = states;
        this.claims = claims;
        this.leases = leases;
        this.decisions = decisions;
        this.config = config;
        this.engine = engine;
    }

    @Scheduled(
            every = "${tailor.decisions.sweep-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        List<Integer> shards = leases.held();
        if (engine.allActive().isEmpty() || shards.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now();
        Instant leaseEnd = now.plus(config.sweepLease());
        // The due customers are claimed, then re-decided together (see DecisionRefresher#refreshAll), which puts each
        // one's next change on the index, and their claims finished.
        return claims.claim(shards, now, leaseEnd, config.sweepBatch())
                .map(Claimed::customerIds)
                .flatMap(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : decisions
                                .refreshAll(claimed, Cause.TIME)
                                .replaceWithVoid()
                                .onFailure()
                                .invoke(failure -> Log.warnf(
                                        "Could not re-decide %d due customer(s): %s", claimed.size(), failure))
                                // Put them back so that they are looked at again on the next sweep.
                                .onFailure()
                                .recoverWithUni(() -> states.dueNoLaterThan(claimed, Instant.now()))
                                .flatMap(ignored -> claims.finish(claimed, leaseEnd))
                                .replaceWithVoid());
    }
}
