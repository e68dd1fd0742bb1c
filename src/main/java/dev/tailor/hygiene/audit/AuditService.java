package dev.tailor.hygiene.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.hygiene.ProfileWalk;
import dev.tailor.hygiene.RunLock;
import dev.tailor.hygiene.RunUnderWayException;
import dev.tailor.hygiene.duplicates.DuplicateCandidate;
import dev.tailor.hygiene.duplicates.DuplicateService;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Audits every customer's data: key traits missing, values normalisation could not read, event bursts, and
 * customers listed as probable duplicates by the latest duplicate run. Each finding becomes (or refreshes) an open
 * issue; an audit issue the next audit no longer finds is resolved. Scheduled ({@code tailor.hygiene.audits.every}),
 * one at a time in the cluster, and on demand.
 */
@ApplicationScoped
public class AuditService {

    private static final String JOB = "audit";
    private static final Duration MAX_RUN = Duration.ofHours(1);
    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {};

    private final ProfileWalk walk;
    private final CustomerAudit checks;
    private final DataQualityService issues;
    private final DuplicateService duplicates;
    private final AuditRunRepository runs;
    private final RunLock lock;
    private final ObjectMapper json;

    public AuditService(
            ProfileWalk walk,
            CustomerAudit checks,
            DataQualityService issues,
            DuplicateService duplicates,
            AuditRunRepository runs,
            RunLock lock,
            ObjectMapper json) {
        this.walk = walk;
        this.checks = checks;
        this.issues = issues;
        this.duplicates = duplicates;
        this.runs = runs;
        this.lock = lock;
        this.json = json;
    }

    @Scheduled(
            every = "${tailor.hygiene.audits.every:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledAudit() {
        lock.scheduled(JOB, MAX_RUN, this::auditNow);
    }

    /** Audits now, unless an audit is under way somewhere in the cluster ({@link RunUnderWayException}). */
    public AuditReport audit() {
        return lock.now(JOB, MAX_RUN, this::auditNow);
    }

    private AuditReport auditNow() {
        Instant started = Instant.now();
        Map<String, Long> found = new TreeMap<>();
        long[] customers = {0};
        walk.forEachPage(started, page -> {
            List<FoundIssue> pageIssues = page.stream()
                    .flatMap(profile -> checks.check(profile, started).stream())
                    .toList();
            issues.record(pageIssues);
            count(pageIssues, found);
            customers[0] += page.size();
        });
        List<DuplicateCandidate> open = duplicates.open();
        List<FoundIssue> duplicateIssues = new ArrayList<>(open.size() * 2);
        for (DuplicateCandidate candidate : open) {
            duplicateIssues.add(duplicateIssue(candidate.customerA, candidate.customerB, candidate, started));
            duplicateIssues.add(duplicateIssue(candidate.customerB, candidate.customerA, candidate, started));
        }
        issues.record(duplicateIssues);
        count(duplicateIssues, found);
        int resolved = issues.resolveAuditIssuesNotSeenSince(started);
        issues.refreshGauges();

        AuditRun run = new AuditRun();
        run.startedAt = started;
        run.finishedAt = Instant.now();
        run.customers = customers[0];
        run.found = write(found);
        run.resolved = resolved;
        run.openDuplicateCandidates = open.size();
        BlockingDb.transaction(() -> runs.persist(run));
        return report(run);
    }

    private static FoundIssue duplicateIssue(String customer, String other, DuplicateCandidate candidate, Instant now) {
        return new FoundIssue(
                customer,
                IssueKind.PROBABLE_DUPLICATE,
                other,
                String.format(
                        java.util.Locale.ROOT,
                        "probably the same person as %s (score %.2f, duplicate candidate %d)",
                        other,
                        candidate.score,
                        candidate.id),
                IssueSource.AUDIT,
                1,
                now);
    }

    private static void count(List<FoundIssue> found, Map<String, Long> byKind) {
        found.forEach(issue -> byKind.merge(issue.kind().slug(), 1L, Long::sum));
    }

    /** The latest audit, if any ran. */
    public Optional<AuditReport> latest() {
        return Optional.ofNullable(BlockingDb.session(runs::latest)).map(this::report);
    }

    private AuditReport report(AuditRun run) {
        try {
            return new AuditReport(
                    run.id,
                    run.startedAt,
                    run.finishedAt,
                    run.customers,
                    json.readValue(run.found, COUNTS),
                    run.resolved,
                    run.openDuplicateCandidates);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit " + run.id + " has unreadable counts", e);
        }
    }

    private String write(Map<String, Long> counts) {
        try {
            return json.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
