package dev.tailor.decisions;

import dev.tailor.shared.error.InvalidRequestException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The render-time calls an ESP makes. {@code GET /v1/decisions/{customerId}}: {@code ?ruleSet=} names an active
 * rule set other than the default, {@code ?messageId=} gives every render of one message the same decision,
 * {@code ?explain=true} adds why. Answers carry an ETag (a matching If-None-Match answers 304) and the configured
 * Cache-Control. {@code POST /v1/decisions}: up to a thousand customers at once, for send-time pre-rendering.
 */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;
    private final DecisionConfig config;

    public DecisionResource(DecisionService decisions, DecisionConfig config) {
        this.decisions = decisions;
        this.config = config;
    }

    @GET
    @Path("/{customerId}")
    public Uni<RestResponse<Decision>> decide(@PathParam("customerId") String customerId,
            @QueryParam("ruleSet") String ruleSet,
            @QueryParam("messageId") String messageId,
            @QueryParam("explain") @DefaultValue("false") boolean explain,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return decisions.decide(customerId, ruleSet, explain, messageId).map(decision -> {
            String etag = DecisionETag.of(decision);
            RestResponse.ResponseBuilder<Decision> response = etag.equals(ifNoneMatch)
                    ? RestResponse.ResponseBuilder.<Decision>create(RestResponse.Status.NOT_MODIFIED)
                    : RestResponse.ResponseBuilder.ok(decision);
            return response.header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, config.cacheControl())
                    .build();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, List<Decision>>> decideAll(BatchDecisionRequest request) {
        if (request == null || request.customerIds() == null || request.customerIds().isEmpty()) {
            throw new InvalidRequestException("customerIds", "must list at least one customer id");
        }
        if (request.customerIds().size() > config.batchLimit()) {
            throw new InvalidRequestException("customerIds", "may list at most " + config.batchLimit() + " ids");
        }
        if (request.customerIds().stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new InvalidRequestException("customerIds", "must not hold blank ids");
        }
        return decisions.decideAll(request.customerIds(), request.ruleSet())
                .map(all -> Map.of("decisions", all));
    }
}
