package dev.tailor.bench;

import dev.tailor.facts.FactsStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The floor of the render benchmark: the same request as {@code GET /v1/decisions/{customerId}} (same key check,
 * rate limit and filters, the decide scope) and the same single read of the customer's hash, answered as it is
 * stored, without decoding or rules. What the decision endpoint costs beyond this is Tailor's own work. Enabled
 * only by {@code tailor.bench.floor-enabled}.
 */
@Path("/v1/floor")
@Produces(MediaType.APPLICATION_JSON)
public class FloorResource {

    private final FactsStore facts;
    private final BenchConfig config;

    public FloorResource(FactsStore facts, BenchConfig config) {
        this.facts = facts;
        this.config = config;
    }

    @GET
    @Path("/{customerId}")
    public Uni<Map<String, String>> floor(@PathParam("customerId") String customerId) {
        if (!config.floorEnabled()) {
            throw new NotFoundException();
        }
        return facts.stored(customerId);
    }
}
