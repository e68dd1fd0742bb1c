package dev.tailor.decisions;

import dev.tailor.decisions.SegmentsChanged.Cause;
import dev.tailor.rules.RuleEngine;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Re-decides the customers the facts consumer marked ({@link PendingDecisions}) in the shards this node holds
 * ({@link ShardLeases}), a batch at a time until none is left or a run has taken {@code pending-batches} batches. A batch that fails stays leased and comes back when
 * its lease ends.
 */
@ApplicationScoped
public class PendingDecisionWorker {

    private final PendingDecisions pending;
    private final ShardLeases leases;
    private final DecisionRefresher decisions;
    private final DecisionConfig config;
    private final RuleEngine engine;

    public PendingDecisionWorker(
            PendingDecisions pending,
            ShardLeases leases,
            DecisionRefresher decisions,
            DecisionConfig config,
            RuleEngine engine) {
        this.pending = pending;
        this.leases = leases;
        this.decisions = decisions;
        this.config = config;
        this.engine = engine;
    }

    @Scheduled(
            every = "${tailor.decisions.pending-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> drain() {
        if (engine.allActive().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(this::oneBatch)
                .repeat()
                .whilst(more -> more)
                .select()
                .first(config.pendingBatches())
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * Claims, re-decides and releases one batch from the shards this node holds; answers whether a shard may have
     * more (false when the batch failed).
     */
    Uni<Boolean> oneBatch() {
        Instant now = Instant.now();
        Instant leaseEnd = now.plus(config.pendingLease());
        return pending.claim(leases.held(), now, leaseEnd, config.pendingBatch())
                .flatMap(claimed -> claimed.customerIds().isEmpty()
                        ? Uni.createFrom().item(false)
                        : redecide(claimed.customerIds(), leaseEnd).map(done -> done && claimed.more()));
    }

    private Uni<Boolean> redecide(List<String> claimed, Instant leaseEnd) {
        return decisions
                .refreshAll(claimed, Cause.EVENT)
                .flatMap(changes -> pending.release(claimed, leaseEnd))
                .replaceWith(true)
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "Could not re-decide %d customer(s) after their events, again after %s: %s",
                            claimed.size(), config.pendingLease(), failure.toString());
                    return false;
                });
    }
}
