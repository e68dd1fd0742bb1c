package dev.tailor.erasure;

import dev.tailor.security.ApiKeyFilter;
import dev.tailor.security.ApiKeyGrant;
import dev.tailor.shared.error.InvalidRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Erasure requests (GDPR) and their audit trail, which names no one. */
@Path("/admin/erasures")
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {

    /** Any identifier of the customer: userId, anonymousId or e-mail address. */
    public record ErasureRequest(String customerId) {}

    public record ErasureView(
            UUID id, Instant requestedAt, String requestedBy, int identifiers, int redisKeys, int records) {

        static ErasureView of(Erasure erasure) {
            return new ErasureView(
                    erasure.id,
                    erasure.requestedAt,
                    erasure.requestedBy,
                    erasure.identifiers,
                    erasure.redisKeys,
                    erasure.records);
        }
    }

    private final ErasureService erasures;

    public ErasureResource(ErasureService erasures) {
        this.erasures = erasures;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public ErasureView erase(ErasureRequest request, @Context ContainerRequestContext context) {
        if (request == null
                || request.customerId() == null
                || request.customerId().isBlank()) {
            throw new InvalidRequestException("customerId", "is required");
        }
        Object grant = context.getProperty(ApiKeyFilter.GRANT);
        String requestedBy = grant instanceof ApiKeyGrant key ? key.name() : "unauthenticated";
        return ErasureView.of(erasures.erase(request.customerId().strip(), requestedBy));
    }

    @GET
    public List<ErasureView> recent(@QueryParam("limit") Integer limit) {
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > 1000) {
            throw new InvalidRequestException("limit", "must be between 1 and 1000");
        }
        return erasures.recent(size).stream().map(ErasureView::of).toList();
    }
}
