package dev.tailor.hygiene;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds customers with different ids that are probably the same person: blocking picks the pairs worth comparing,
 * the scorer weighs each pair's fields, and pairs scoring at least the threshold are reported with their reasons.
 * Pairs, not groups: merging is a decision for a person or a later step, and A~B, B~C does not make A~C.
 */
@ApplicationScoped
public class DuplicateFinder {

    private final Blocking blocking;
    private final PairScorer scorer;
    private final double threshold;

    @Inject
    public DuplicateFinder(DuplicateConfig config) {
        this(new Blocking(config.maxBlockSize()), new PairScorer(), config.threshold());
    }

    /** @param threshold the score from which a pair is reported, 0 to 1 */
    public DuplicateFinder(Blocking blocking, PairScorer scorer, double threshold) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold must be within 0..1, was " + threshold);
        }
        this.blocking = blocking;
        this.scorer = scorer;
        this.threshold = threshold;
    }

    /** A finder with the configuration's defaults, for use outside the application. */
    public static DuplicateFinder withDefaults() {
        return new DuplicateFinder(
                new Blocking(Integer.parseInt(DuplicateConfig.DEFAULT_MAX_BLOCK_SIZE)),
                new PairScorer(),
                Double.parseDouble(DuplicateConfig.DEFAULT_THRESHOLD));
    }

    /** The probable duplicate pairs among these records, highest score first. */
    public List<DuplicatePair> find(List<CustomerRecord> records) {
        List<NormalizedRecord> normalized =
                records.stream().map(NormalizedRecord::of).toList();
        List<DuplicatePair> found = new ArrayList<>();
        for (long pair : blocking.candidates(normalized)) {
            NormalizedRecord a = normalized.get((int) (pair >>> 32));
            NormalizedRecord b = normalized.get((int) pair);
            if (a.id().equals(b.id())) {
                continue;
            }
            DuplicatePair scored = scorer.score(a, b);
            if (scored.score() >= threshold) {
                found.add(scored);
            }
        }
        found.sort(Comparator.comparingDouble(DuplicatePair::score)
                .reversed()
                .thenComparing(DuplicatePair::a)
                .thenComparing(DuplicatePair::b));
        return found;
    }

    /** The blocking in use, for measuring how many true pairs it lets through. */
    Blocking blocking() {
        return blocking;
    }
}
