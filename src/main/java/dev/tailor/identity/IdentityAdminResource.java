package dev.tailor.identity;

import dev.tailor.events.Identifier;
import dev.tailor.shared.error.InvalidRequestException;
import dev.tailor.shared.persistence.BlockingDb;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Identity resolution as an administrator sees it: which identifiers a customer has and what was linked and merged,
 * and merging or separating two customers by hand (a reviewed duplicate, a wrong merge).
 */
@Path("/admin/identities")
@Produces(MediaType.APPLICATION_JSON)
public class IdentityAdminResource {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A customer's identity: the id its facts are kept under, its identifiers, and what was recorded. */
    public record IdentityView(String customerId, Set<String> identifiers, List<RecordView> history) {}

    public record RecordView(
            String kind,
            String identifier,
            String customerId,
            String otherId,
            String cause,
            String messageId,
            Instant at) {}

    /** Two customers: the one that stays and the one merged into it (or separated from it). */
    public record Pair(String survivorId, String mergedId) {}

    public record Outcome(String customerId, String otherId, boolean changed) {}

    private final IdentityLinker linker;
    private final IdentityJournal journal;
    private final IdentityRecordRepository records;
    private final IdentityMerges merges;

    public IdentityAdminResource(
            IdentityLinker linker, IdentityJournal journal, IdentityRecordRepository records, IdentityMerges merges) {
        this.linker = linker;
        this.journal = journal;
        this.records = records;
        this.merges = merges;
    }

    @GET
    @Path("/{identifier}")
    public IdentityView identity(@PathParam("identifier") String identifier) {
        journal.record();
        String customer = linker.resolve(identifier).await().atMost(WAIT);
        Set<String> identifiers =
                new TreeSet<>(linker.identifiersOf(customer).await().atMost(WAIT));
        Set<String> ids = new TreeSet<>(
                identifiers.stream().map(id -> Identifier.parse(id).value()).toList());
        ids.add(customer);
        List<RecordView> history = BlockingDb.session(() -> records.about(ids)).stream()
                .map(r -> new RecordView(r.kind, r.identifier, r.customerId, r.otherId, r.cause, r.messageId, r.at))
                .toList();
        return new IdentityView(customer, identifiers, history);
    }

    /** Merges {@code mergedId} into {@code survivorId} (facts combined, identifiers moved), then re-decides. */
    @POST
    @Path("/merges")
    @Consumes(MediaType.APPLICATION_JSON)
    public Outcome merge(Pair pair) {
        require(pair);
        boolean merged = merges.merge(pair.survivorId(), pair.mergedId());
        return new Outcome(linker.resolve(pair.survivorId()).await().atMost(WAIT), pair.mergedId(), merged);
    }

    /**
     * Undoes a merge: the merged customer gets its identifiers back, both are rebuilt from the event log, and the
     * two are never merged automatically again. Reads the whole log: minutes on a large one.
     */
    @POST
    @Path("/unmerges")
    @Consumes(MediaType.APPLICATION_JSON)
    public Outcome unmerge(Pair pair) {
        require(pair);
        return new Outcome(pair.survivorId(), pair.mergedId(), merges.unmerge(pair.survivorId(), pair.mergedId()));
    }

    private static void require(Pair pair) {
        if (pair == null || pair.survivorId() == null || pair.survivorId().isBlank()) {
            throw new InvalidRequestException("survivorId", "is required");
        }
        if (pair.mergedId() == null || pair.mergedId().isBlank()) {
            throw new InvalidRequestException("mergedId", "is required");
        }
        if (pair.mergedId().equals(pair.survivorId())) {
            throw new InvalidRequestException("mergedId", "must differ from survivorId");
        }
    }
}
