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
 * Re-decides the customers the facts consumer marked ({@link PendingDecisions}), a batch at a time until none is
 * left or a run has taken {@code pending-batches} batches. A batch that fails stays leased and comes back when
 * its lease ends.
 */
@ApplicationScoped
public class PendingDecisionWorker {

    private final PendingDecisions pending;
    private final DecisionRefresher decisions;
    private final DecisionConfig config;
    private final RuleEngine engine;

    public PendingDecisionWorker(
            PendingDecisions pending, DecisionRefresher decisions, DecisionConfig config, RuleEngine engine) {
        this.pending = pending;
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
                .whilst(taken -> taken == config.pendingBatch())
                .select()
                .first(config.pendingBatches())
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Claims, re-decides and releases one batch; answers how many customers it took (0 when it failed). */
    Uni<Integer> oneBatch() {
        Instant now = Instant.now();
        Instant leaseEnd = now.plus(config.pendingLease());
        return pending.claim(now, leaseEnd, config.pendingBatch())
                .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(0) : redecide(claimed, leaseEnd));
    }

    private Uni<Integer> redecide(List<String> claimed, Instant leaseEnd) {
        return decisions
                .refreshAll(claimed, Cause.EVENT)
                .flatMap(changes -> pending.release(claimed, leaseEnd))
                .replaceWith(claimed.size())
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.warnf(
                            "Could not re-decide %d customer(s) after their events, again after %s: %s",
                            claimed.size(), config.pendingLease(), failure.toString());
                    return 0;
                });
    }
}
