package dev.tailor.decisions;

import dev.tailor.shared.error.InvalidRequestException;
import dev.tailor.sync.DestinationService;
import dev.tailor.sync.DestinationView;
import dev.tailor.sync.FieldMapper;
import dev.tailor.sync.UnknownDestinationException;
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
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The render-time calls an ESP makes. {@code GET /v1/decisions/{customerId}}: {@code ?ruleSet=} names an active
 * rule set other than the default, {@code ?messageId=} gives every render of one message the same decision,
 * {@code ?destination=} answers in that destination's field names and types, {@code ?explain=true} adds why. Answers carry an ETag (a matching If-None-Match answers 304) and the configured
 * Cache-Control. {@code POST /v1/decisions}: up to a thousand customers at once, for send-time pre-rendering.
 */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;
    private final DecisionConfig config;
    private final DestinationService destinations;

    public DecisionResource(DecisionService decisions, DecisionConfig config, DestinationService destinations) {
        this.decisions = decisions;
        this.config = config;
        this.destinations = destinations;
    }

    @GET
    @Path("/{customerId}")
    public Uni<RestResponse<Object>> decide(
            @PathParam("customerId") String customerId,
            @QueryParam("ruleSet") String ruleSet,
            @QueryParam("messageId") String messageId,
            @QueryParam("destination") String destinationName,
            @QueryParam("explain") @DefaultValue("false") boolean explain,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        // Resolved before deciding, so that an unknown destination is a 404 rather than a wasted decision.
        Optional<DestinationView> destination = Optional.ofNullable(destinationName)
                .map(name -> destinations.named(name).orElseThrow(() -> new UnknownDestinationException(name)));
        // A destination reads its own rule set unless the call names one.
        String chosen = ruleSet != null
                ? ruleSet
                : destination.map(destinations::ruleSetOf).orElse(null);
        return decisions.decide(customerId, chosen, explain, messageId).map(decision -> {
            String etag = DecisionETag.of(
                    decision, destination.map(DestinationView::name).orElse(""));
            Object body = destination
                    .<Object>map(d -> FieldMapper.apply(d.mapping(), decided(decision)))
                    .orElse(decision);
            RestResponse.ResponseBuilder<Object> response = etag.equals(ifNoneMatch)
                    ? RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_MODIFIED)
                    : RestResponse.ResponseBuilder.ok(body);
            return response.header(HttpHeaders.ETAG, etag)
                    .header(HttpHeaders.CACHE_CONTROL, config.cacheControl())
                    .build();
        });
    }

    private static FieldMapper.Decided decided(Decision decision) {
        return new FieldMapper.Decided(
                decision.segments().stream()
                        .map(Decision.SegmentMembership::name)
                        .toList(),
                decision.variables(),
                decision.ruleSet().name(),
                decision.ruleSet().revision(),
                decision.degraded());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, List<Decision>>> decideAll(BatchDecisionRequest request) {
        if (request == null
                || request.customerIds() == null
                || request.customerIds().isEmpty()) {
            throw new InvalidRequestException("customerIds", "must list at least one customer id");
        }
        if (request.customerIds().size() > config.batchLimit()) {
            throw new InvalidRequestException("customerIds", "may list at most " + config.batchLimit() + " ids");
        }
        if (request.customerIds().stream().anyMatch(id -> id == null || id.isBlank())) {
            throw new InvalidRequestException("customerIds", "must not hold blank ids");
        }
        return decisions.decideAll(request.customerIds(), request.ruleSet()).map(all -> Map.of("decisions", all));
    }
}
