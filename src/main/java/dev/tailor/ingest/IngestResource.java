package dev.tailor.ingest;

import dev.tailor.events.CustomerEvent;
import dev.tailor.security.ApiKeyFilter;
import dev.tailor.security.Scope;
import dev.tailor.shared.vertx.OffTheEventLoop;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;

/**
 * The Segment Spec HTTP tracking API: the same paths and bodies the Segment and RudderStack libraries send, with
 * analytics.js's short paths ({@code /v1/t}, {@code /v1/b}, ...), any content type (analytics.js posts
 * {@code text/plain}) and gzip (see {@link RequestBodyDecoder}). A write key sent as the HTTP Basic user name is
 * accepted and not checked yet. Answers 200 only after Kafka has acknowledged every event of the request, and 429
 * when a customer of the request is over its budget ({@link CustomerThrottle}).
 *
 * <p>A request's calls are read, checked and handed to Kafka on a worker thread ({@link OffTheEventLoop}), not on the
 * event loop: a batch of 2,500 calls is tens of milliseconds of CPU, which renders waiting on the same event loop
 * would queue behind. No thread waits for Kafka's acknowledgement, so a slow or dead broker holds no worker.
 */
@Path("/v1")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {

    /** analytics.js posts each call to the first letter of its type, and batches to {@code b}. */
    private static final Map<String, String> SHORT_PATHS =
            Map.of("t", "track", "i", "identify", "p", "page", "s", "screen", "g", "group", "a", "alias");

    private final RequestBodyDecoder decoder;
    private final SegmentRequestParser parser;
    private final IngestService ingest;

    public IngestResource(RequestBodyDecoder decoder, SegmentRequestParser parser, IngestService ingest) {
        this.decoder = decoder;
        this.parser = parser;
        this.ingest = ingest;
    }

    @POST
    @Path("/{path: batch|b}")
    public Uni<IngestReceipt> batch(
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
            byte[] body,
            @Context ContainerRequestContext request) {
        boolean trusted = trustsIdentity(request);
        return OffTheEventLoop.run(
                () -> parser.parseBatch(decoder.decode(body, encoding), Instant.now()),
                calls -> ingest.accept(trusted ? trusted(calls) : calls, true));
    }

    @POST
    @Path("/{type: track|identify|page|screen|group|alias|t|i|p|s|g|a}")
    public Uni<IngestReceipt> single(
            @PathParam("type") String type,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding,
            byte[] body,
            @Context ContainerRequestContext request) {
        String fullType = SHORT_PATHS.getOrDefault(type, type);
        boolean trusted = trustsIdentity(request);
        return OffTheEventLoop.run(
                () -> parser.parseCall(fullType, decoder.decode(body, encoding), Instant.now()),
                calls -> ingest.accept(trusted ? trusted(calls) : calls, false));
    }

    /** Calls sent with a key of the identity scope carry that trust into the log, for identity resolution. */
    private static boolean trustsIdentity(ContainerRequestContext request) {
        return Scope.trustsIdentity(request.getProperty(ApiKeyFilter.GRANT));
    }

    private static SegmentCalls trusted(SegmentCalls calls) {
        return new SegmentCalls(
                calls.accepted().stream()
                        .map(CustomerEvent::identityTrustedCopy)
                        .toList(),
                calls.refused());
    }
}
