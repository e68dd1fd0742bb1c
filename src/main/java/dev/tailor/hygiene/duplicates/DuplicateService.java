package dev.tailor.hygiene.duplicates;

import dev.tailor.hygiene.CustomerRecord;
import dev.tailor.hygiene.DuplicateFinder;
import dev.tailor.hygiene.DuplicatePair;
import dev.tailor.hygiene.Listed;
import dev.tailor.hygiene.NoSuchRecordException;
import dev.tailor.hygiene.ProfileWalk;
import dev.tailor.hygiene.RunLock;
import dev.tailor.shared.persistence.BlockingDb;
import dev.tailor.shared.persistence.PersonalDataStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Page;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds probable duplicates among all customers and keeps them as candidates in PostgreSQL: a run reads every
 * customer's identity traits, lets {@link DuplicateFinder} score the pairs, lists new ones, refreshes open ones,
 * drops open ones whose evidence is gone, and never lists again a pair that was rejected or merged.
 *
 * <p>Deciding a candidate goes through {@link #decide}: rejecting it here; identity merge sets
 * {@link CandidateStatus#MERGED} through the same method.
 */
@ApplicationScoped
public class DuplicateService implements PersonalDataStore {

    public static final int PAGE_SIZE = 50;
    private static final String JOB = "duplicate";
    /** A run holds the cluster-wide lock at most this long, should its node die mid-run. */
    private static final Duration MAX_RUN = Duration.ofHours(1);

    private final ProfileWalk walk;
    private final DuplicateFinder finder;
    private final DuplicateCandidateRepository candidates;
    private final RunLock lock;
    private final AtomicLong openGauge = new AtomicLong();

    public DuplicateService(
            ProfileWalk walk,
            DuplicateFinder finder,
            DuplicateCandidateRepository candidates,
            RunLock lock,
            MeterRegistry metrics) {
        this.walk = walk;
        this.finder = finder;
        this.candidates = candidates;
        this.lock = lock;
        metrics.gauge("tailor.duplicates.open", openGauge);
    }

    @Scheduled(
            every = "${tailor.hygiene.duplicates.run-every:6h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledRun() {
        lock.scheduled(JOB, MAX_RUN, this::runNow);
    }

    /** Runs now, unless a run is under way somewhere in the cluster ({@link RunUnderWayException}). */
    public DuplicateRun run() {
        return lock.now(JOB, MAX_RUN, this::runNow);
    }

    private DuplicateRun runNow() {
        Instant started = Instant.now();
        List<CustomerRecord> records = new ArrayList<>();
        walk.forEachPage(started, page -> page.forEach(profile -> records.add(ProfileRecords.of(profile))));
        List<DuplicatePair> pairs = finder.find(records);
        int[] addedAndKeptOut = BlockingDb.transaction(() -> store(pairs, started));
        long dropped = BlockingDb.transaction(() -> candidates.deleteOpenNotFoundSince(started));
        long open = BlockingDb.session(() -> candidates.countListed(CandidateStatus.OPEN, 0));
        openGauge.set(open);
        return new DuplicateRun(
                started,
                Duration.between(started, Instant.now()).toMillis(),
                records.size(),
                pairs.size(),
                addedAndKeptOut[0],
                addedAndKeptOut[1],
                dropped,
                open);
    }

    /** Lists new pairs and refreshes open ones; answers how many were added and how many were kept out. */
    private Uni<int[]> store(List<DuplicatePair> pairs, Instant now) {
        return candidates.listAll().flatMap(known -> {
            Map<String, DuplicateCandidate> byPair = new HashMap<>();
            known.forEach(candidate -> byPair.put(key(candidate.customerA, candidate.customerB), candidate));
            List<DuplicateCandidate> added = new ArrayList<>();
            int keptOut = 0;
            for (DuplicatePair pair : pairs) {
                DuplicateCandidate candidate = byPair.get(key(pair.a(), pair.b()));
                if (candidate == null) {
                    candidate = new DuplicateCandidate();
                    candidate.customerA = pair.a();
                    candidate.customerB = pair.b();
                    candidate.status = CandidateStatus.OPEN.slug();
                    candidate.firstFound = now;
                    added.add(candidate);
                } else if (candidate.status() != CandidateStatus.OPEN) {
                    keptOut++;
                    continue;
                }
                candidate.score = pair.score();
                candidate.reasons(pair.reasons());
                candidate.lastFound = now;
            }
            int[] counts = {added.size(), keptOut};
            return added.isEmpty()
                    ? Uni.createFrom().item(counts)
                    : candidates.persist(added).replaceWith(counts);
        });
    }

    private static String key(String a, String b) {
        return a + "\u0000" + b;
    }

    /** A page of candidates of one status from a score up, highest score first. */
    public Listed<DuplicateCandidate> list(CandidateStatus status, double minScore, int page) {
        return BlockingDb.session(() -> candidates
                .countListed(status, minScore)
                .flatMap(total -> candidates
                        .page(status, minScore, Page.of(page, PAGE_SIZE))
                        .map(found -> new Listed<>(page, PAGE_SIZE, total, found))));
    }

    /** The candidates now listed, for audits. */
    public List<DuplicateCandidate> open() {
        return BlockingDb.session(candidates::open);
    }

    /** A candidate by id; an unknown id is {@link NoSuchRecordException}. */
    public DuplicateCandidate find(long id) {
        DuplicateCandidate candidate = BlockingDb.session(() -> candidates.findById(id));
        if (candidate == null) {
            throw new NoSuchRecordException("No duplicate candidate " + id);
        }
        return candidate;
    }

    /**
     * Records what was decided about a candidate (rejected, merged, or rejected after an unmerge), by whom; an
     * unknown id is {@link NoSuchRecordException}.
     */
    public DuplicateCandidate decide(long id, CandidateStatus status, String decidedBy) {
        DuplicateCandidate decided =
                BlockingDb.transaction(() -> candidates.findById(id).map(candidate -> {
                    if (candidate == null) {
                        throw new NoSuchRecordException("No duplicate candidate " + id);
                    }
                    candidate.status = status.slug();
                    candidate.decidedAt = Instant.now();
                    candidate.decidedBy = decidedBy;
                    return candidate;
                }));
        openGauge.set(BlockingDb.session(() -> candidates.countListed(CandidateStatus.OPEN, 0)));
        return decided;
    }

    /** Removes every candidate naming any of the identifiers (erasure); blocking. */
    @Override
    public long erase(Set<String> identifiers) {
        long erased = BlockingDb.transaction(() -> candidates.deleteOf(identifiers));
        openGauge.set(BlockingDb.session(() -> candidates.countListed(CandidateStatus.OPEN, 0)));
        return erased;
    }
}
