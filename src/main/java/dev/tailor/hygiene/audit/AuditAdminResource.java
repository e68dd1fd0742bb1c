package dev.tailor.hygiene.audit;

import dev.tailor.hygiene.ListParams;
import dev.tailor.hygiene.Listed;
import dev.tailor.hygiene.NoSuchRecordException;
import dev.tailor.shared.error.InvalidRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Data-quality audits and the issues they and renders found. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AuditAdminResource {

    /** An issue as listed. */
    public record IssueView(
            long id,
            String customerId,
            String kind,
            String field,
            String detail,
            String source,
            String status,
            long count,
            Instant firstSeen,
            Instant lastSeen,
            Instant resolvedAt) {

        static IssueView of(DataQualityIssue issue) {
            return new IssueView(
                    issue.id,
                    issue.customerId,
                    issue.kind,
                    issue.field,
                    issue.detail,
                    issue.source,
                    issue.status,
                    issue.count,
                    issue.firstSeen,
                    issue.lastSeen,
                    issue.resolvedAt);
        }
    }

    private final AuditService audits;
    private final DataQualityService issues;

    public AuditAdminResource(AuditService audits, DataQualityService issues) {
        this.audits = audits;
        this.issues = issues;
    }

    @POST
    @Path("/audits/runs")
    public AuditReport run() {
        return audits.audit();
    }

    @GET
    @Path("/audits/latest")
    public AuditReport latest() {
        return audits.latest().orElseThrow(() -> new NoSuchRecordException("No audit has run yet"));
    }

    @GET
    @Path("/data-quality/issues")
    public Listed<IssueView> issues(
            @QueryParam("customerId") String customerId,
            @QueryParam("kind") String kind,
            @QueryParam("status") String status,
            @QueryParam("page") String page) {
        IssueKind kindWanted = kind == null || kind.isBlank()
                ? null
                : IssueKind.of(kind)
                        .orElseThrow(() -> new InvalidRequestException(
                                "kind",
                                "kind must be one of "
                                        + Arrays.stream(IssueKind.values())
                                                .map(IssueKind::slug)
                                                .toList() + ", was " + kind));
        String statusWanted = status == null || status.isBlank() ? DataQualityIssue.OPEN : status;
        if (!List.of(DataQualityIssue.OPEN, DataQualityIssue.RESOLVED).contains(statusWanted)) {
            throw new InvalidRequestException("status", "status must be open or resolved, was " + status);
        }
        return issues.list(
                        customerId == null || customerId.isBlank() ? null : customerId,
                        kindWanted,
                        statusWanted,
                        ListParams.page(page))
                .map(IssueView::of);
    }
}
