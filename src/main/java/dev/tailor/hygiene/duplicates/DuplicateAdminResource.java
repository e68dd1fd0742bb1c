package dev.tailor.hygiene.duplicates;

import dev.tailor.hygiene.ListParams;
import dev.tailor.hygiene.Listed;
import dev.tailor.hygiene.audit.DataQualityService;
import dev.tailor.hygiene.audit.IssueKind;
import dev.tailor.shared.error.InvalidRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * Probable duplicate customers: runs, the candidate list, and decisions about candidates: rejected, merged (identity
 * merge of the two), or unmerged again.
 */
@Path("/admin/duplicates")
@Produces(MediaType.APPLICATION_JSON)
public class DuplicateAdminResource {

    /** A candidate as listed. */
    public record CandidateView(
            long id,
            String customerA,
            String customerB,
            double score,
            List<String> reasons,
            CandidateStatus status,
            Instant firstFound,
            Instant lastFound,
            Instant decidedAt,
            String decidedBy) {

        static CandidateView of(DuplicateCandidate c) {
            return new CandidateView(
                    c.id,
                    c.customerA,
                    c.customerB,
                    c.score,
                    c.reasonList(),
                    c.status(),
                    c.firstFound,
                    c.lastFound,
                    c.decidedAt,
                    c.decidedBy);
        }
    }

    private final DuplicateService duplicates;
    private final DataQualityService issues;
    private final CustomerMerges merges;

    public DuplicateAdminResource(DuplicateService duplicates, DataQualityService issues, CustomerMerges merges) {
        this.duplicates = duplicates;
        this.issues = issues;
        this.merges = merges;
    }

    @POST
    @Path("/runs")
    public DuplicateRun run() {
        return duplicates.run();
    }

    @GET
    public Listed<CandidateView> list(
            @QueryParam("minScore") String minScore,
            @QueryParam("status") String status,
            @QueryParam("page") String page) {
        CandidateStatus wanted = status == null || status.isBlank()
                ? CandidateStatus.OPEN
                : CandidateStatus.of(status)
                        .orElseThrow(() -> new InvalidRequestException(
                                "status", "status must be open, rejected or merged, was " + status));
        return duplicates
                .list(wanted, ListParams.score("minScore", minScore), ListParams.page(page))
                .map(CandidateView::of);
    }

    /** Not the same person: the pair is no longer listed, by this run or any later one. */
    @POST
    @Path("/{id}/reject")
    public CandidateView reject(@PathParam("id") long id, @QueryParam("decidedBy") String decidedBy) {
        if (duplicates.find(id).status() == CandidateStatus.MERGED) {
            throw new CandidateDecidedException(id, CandidateStatus.MERGED);
        }
        DuplicateCandidate rejected = duplicates.decide(id, CandidateStatus.REJECTED, decidedBy);
        issues.resolve(rejected.customerA, IssueKind.PROBABLE_DUPLICATE, rejected.customerB);
        issues.resolve(rejected.customerB, IssueKind.PROBABLE_DUPLICATE, rejected.customerA);
        return CandidateView.of(rejected);
    }

    /**
     * The same person: the two profiles become one under {@code survivor} (customerA unless it names customerB), facts
     * combined as for an identify call.
     */
    @POST
    @Path("/{id}/merge")
    public CandidateView merge(
            @PathParam("id") long id,
            @QueryParam("survivor") String survivor,
            @QueryParam("decidedBy") String decidedBy) {
        DuplicateCandidate candidate = duplicates.find(id);
        String kept = survivor == null || survivor.isBlank() ? candidate.customerA : survivor;
        if (!kept.equals(candidate.customerA) && !kept.equals(candidate.customerB)) {
            throw new InvalidRequestException("survivor", "must be one of the candidate's two customers");
        }
        merges.merge(kept, kept.equals(candidate.customerA) ? candidate.customerB : candidate.customerA);
        issues.resolve(candidate.customerA, IssueKind.PROBABLE_DUPLICATE, candidate.customerB);
        issues.resolve(candidate.customerB, IssueKind.PROBABLE_DUPLICATE, candidate.customerA);
        return CandidateView.of(duplicates.decide(id, CandidateStatus.MERGED, decidedBy));
    }

    /** A merge undone: both customers rebuilt from the event log; the pair is listed as rejected from then on. */
    @POST
    @Path("/{id}/unmerge")
    public CandidateView unmerge(@PathParam("id") long id, @QueryParam("decidedBy") String decidedBy) {
        DuplicateCandidate candidate = duplicates.find(id);
        if (candidate.status() != CandidateStatus.MERGED) {
            throw new InvalidRequestException("id", "candidate " + id + " was not merged");
        }
        String survivor = merges.survivorOf(candidate.customerA, candidate.customerB);
        merges.unmerge(survivor, survivor.equals(candidate.customerA) ? candidate.customerB : candidate.customerA);
        return CandidateView.of(duplicates.decide(id, CandidateStatus.REJECTED, decidedBy));
    }
}
