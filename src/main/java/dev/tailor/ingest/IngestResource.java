package dev.tailor.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Segment Spec HTTP tracking API: the same paths and bodies the Segment and RudderStack libraries send.
 * Answers 200 only after Kafka has acknowledged every event of the request.
 */
@Path("/v1")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {

    /** What Segment's own API answers on success; some clients look for it. */
    private static final Map<String, Boolean> SUCCESS = Map.of("success", true);

    private final SegmentRequestParser parser;
    private final EventPublisher publisher;

    public IngestResource(SegmentRequestParser parser, EventPublisher publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    @POST
    @Path("/batch")
    public Uni<Map<String, Boolean>> batch(byte[] body) {
        return accept(parser.parseBatch(body, Instant.now()));
    }

    @POST
    @Path("/track")
    public Uni<Map<String, Boolean>> track(byte[] body) {
        return single("track", body);
    }

    @POST
    @Path("/identify")
    public Uni<Map<String, Boolean>> identify(byte[] body) {
        return single("identify", body);
    }

    @POST
    @Path("/page")
    public Uni<Map<String, Boolean>> page(byte[] body) {
        return single("page", body);
    }

    @POST
    @Path("/screen")
    public Uni<Map<String, Boolean>> screen(byte[] body) {
        return single("screen", body);
    }

    @POST
    @Path("/group")
    public Uni<Map<String, Boolean>> group(byte[] body) {
        return single("group", body);
    }

    @POST
    @Path("/alias")
    public Uni<Map<String, Boolean>> alias(byte[] body) {
        return single("alias", body);
    }

    private Uni<Map<String, Boolean>> single(String type, byte[] body) {
        return accept(List.of(parser.parseSingle(type, body, Instant.now())));
    }

    private Uni<Map<String, Boolean>> accept(List<CustomerEvent> events) {
        return publisher.publish(events).replaceWith(SUCCESS);
    }
}
