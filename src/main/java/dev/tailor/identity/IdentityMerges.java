package dev.tailor.identity;

import dev.tailor.decisions.DecisionRefresher;
import dev.tailor.decisions.SegmentsChanged.Cause;
import dev.tailor.hygiene.duplicates.CustomerMerges;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Merges and separations an administrator asks for (the identity API, a reviewed duplicate): the identity change,
 * then the customers re-decided so that segment changes are announced, then the journal recorded. Blocking.
 */
@ApplicationScoped
public class IdentityMerges implements CustomerMerges {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final IdentityLinker linker;
    private final IdentitySeparation separation;
    private final IdentityJournal journal;
    private final DecisionRefresher decisions;

    public IdentityMerges(
            IdentityLinker linker,
            IdentitySeparation separation,
            IdentityJournal journal,
            DecisionRefresher decisions) {
        this.linker = linker;
        this.separation = separation;
        this.journal = journal;
        this.decisions = decisions;
    }

    /** Merges {@code mergedId} into {@code survivorId}; false when they already were one customer. */
    @Override
    public boolean merge(String survivorId, String mergedId) {
        boolean merged = linker.merge(survivorId, mergedId).await().atMost(WAIT);
        decisions
                .refresh(linker.resolve(survivorId).await().atMost(WAIT), Cause.EVENT)
                .await()
                .atMost(WAIT);
        journal.record();
        return merged;
    }

    /** Undoes the last merge of {@code mergedId} into {@code survivorId} (see {@link IdentitySeparation}). */
    @Override
    public boolean unmerge(String survivorId, String mergedId) {
        journal.record();
        boolean separated = separation.separate(survivorId, mergedId);
        decisions.refresh(survivorId, Cause.EVENT).await().atMost(WAIT);
        decisions.refresh(mergedId, Cause.EVENT).await().atMost(WAIT);
        journal.record();
        return separated;
    }

    /** Which of two merged customers the other was merged into. */
    @Override
    public String survivorOf(String one, String other) {
        return linker.resolve(one).await().atMost(WAIT).equals(one) ? one : other;
    }
}
