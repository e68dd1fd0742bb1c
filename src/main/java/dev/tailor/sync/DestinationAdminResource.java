package dev.tailor.sync;

import dev.tailor.shared.persistence.BlockingDb;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/**
 * ESP destinations: their webhook endpoint, secret, pace, batch size and field mapping; their dead letters and
 * replays.
 */
@Path("/admin/destinations")
@Produces(MediaType.APPLICATION_JSON)
public class DestinationAdminResource {

    /** What a PUT carries; limits default to 10 requests a second and batches of 100. */
    public record DestinationSpec(
            String url,
            String signingSecret,
            String ruleSet,
            Integer maxPerSecond,
            Integer batchSize,
            List<FieldMapping> mapping) {}

    /** A dead letter as listed. */
    public record DeadLetterView(
            long id, String customerId, String changeId, int attempts, String lastError, Instant failedAt) {}

    private final DestinationService destinations;
    private final DeadLetterService deadLetters;

    public DestinationAdminResource(DestinationService destinations, DeadLetterService deadLetters) {
        this.destinations = destinations;
        this.deadLetters = deadLetters;
    }

    @GET
    public List<DestinationView> list() {
        return destinations.all().stream().map(DestinationView::withoutSecret).toList();
    }

    @GET
    @Path("/{name}")
    public DestinationView get(@PathParam("name") String name) {
        return named(name).withoutSecret();
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, DestinationSpec spec) {
        DestinationSpec given = spec == null ? new DestinationSpec(null, null, null, null, null, null) : spec;
        boolean created = destinations.put(new DestinationView(
                name,
                given.url(),
                given.signingSecret(),
                given.ruleSet(),
                given.maxPerSecond() == null ? 10 : given.maxPerSecond(),
                given.batchSize() == null ? 100 : given.batchSize(),
                given.mapping() == null ? List.of() : given.mapping()));
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(named(name).withoutSecret())
                .build();
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        if (!destinations.delete(name)) {
            throw new UnknownDestinationException(name);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/{name}/dead-letters")
    public List<DeadLetterView> deadLetters(@PathParam("name") String name) {
        named(name);
        return BlockingDb.await(() -> deadLetters.open(name)).stream()
                .map(l -> new DeadLetterView(l.id, l.customerId, l.changeId, l.attempts, l.lastError, l.failedAt))
                .toList();
    }

    @POST
    @Path("/{name}/dead-letters/replay")
    public DeadLetterService.Replay replay(@PathParam("name") String name) {
        return BlockingDb.await(() -> deadLetters.replay(named(name)));
    }

    private DestinationView named(String name) {
        return destinations.named(name).orElseThrow(() -> new UnknownDestinationException(name));
    }
}
