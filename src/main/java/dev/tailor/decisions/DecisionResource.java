package dev.tailor.decisions;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The render-time call an ESP makes: {@code GET /v1/decisions/{customerId}}. */
@Path("/v1/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;

    public DecisionResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @GET
    @Path("/{customerId}")
    public Uni<Decision> decide(@PathParam("customerId") String customerId) {
        return decisions.decide(customerId);
    }
}
