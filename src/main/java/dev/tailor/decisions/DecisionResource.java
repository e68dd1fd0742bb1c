package dev.tailor.decisions;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The render-time call an ESP makes: {@code GET /v1/decisions/{customerId}}; {@code ?ruleSet=} names an active
 * rule set other than the default; {@code ?explain=true} adds which rules put each segment in and what took the
 * others out.
 */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;

    public DecisionResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @GET
    @Path("/{customerId}")
    public Uni<Decision> decide(@PathParam("customerId") String customerId,
            @QueryParam("ruleSet") String ruleSet,
            @QueryParam("explain") @DefaultValue("false") boolean explain) {
        return decisions.decide(customerId, ruleSet, explain);
    }
}
