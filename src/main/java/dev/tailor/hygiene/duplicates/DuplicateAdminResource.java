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
 * Probable duplicate customers: runs, the candidate list, and decisions about candidates. Identity merge adds
 * {@code POST /admin/duplicates/{id}/merge} and {@code /unmerge} here, recording them with
 * {@link DuplicateService#decide} ({@link CandidateStatus#MERGED}, and back to {@link CandidateStatus#OPEN}).
 */
@Path("/admin/duplicates")
@Produces(MediaType.APPLICATION_JSON)
public class DuplicateAdminResource {

    /** A candidate as listed. */
    public record CandidateView(long id, String customerA, String customerB, double score, List<String> reasons,
            CandidateStatus status, Instant firstFound, Instant lastFound, Instant decidedAt, String decidedBy) {

        static CandidateView of(DuplicateCandidate c) {
            return new CandidateView(c.id, c.customerA, c.customerB, c.score, c.reasonList(), c.status(),
                    c.firstFound, c.lastFound, c.decidedAt, c.decidedBy);
        }
    }

    private final DuplicateService duplicates;
    private final DataQualityService issues;

    public DuplicateAdminResource(DuplicateService duplicates, DataQualityService issues) {
        this.duplicates = duplicates;
        this.issues = issues;
    }

    @POST
    @Path("/runs")
    public DuplicateRun run() {
        return duplicates.run();
    }

    @GET
    public Listed<CandidateView> list(@QueryParam("minScore") String minScore, @QueryParam("status") String status,
            @QueryParam("page") String page) {
        CandidateStatus wanted = status == null || status.isBlank() ? CandidateStatus.OPEN
                : CandidateStatus.of(status).orElseThrow(() -> new InvalidRequestException("status",
                        "status must be open, rejected or merged, was " + status));
        return duplicates.list(wanted, ListParams.score("minScore", minScore), ListParams.page(page))
                .map(CandidateView::of);
    }

    /** Not the same person: the pair is no longer listed, by this run or any later one. */
    @POST
    @Path("/{id}/reject")
    public CandidateView reject(@PathParam("id") long id, @QueryParam("decidedBy") String decidedBy) {
        DuplicateCandidate rejected = duplicates.decide(id, CandidateStatus.REJECTED, decidedBy);
        issues.resolve(rejected.customerA, IssueKind.PROBABLE_DUPLICATE, rejected.customerB);
        issues.resolve(rejected.customerB, IssueKind.PROBABLE_DUPLICATE, rejected.customerA);
        return CandidateView.of(rejected);
    }
}
