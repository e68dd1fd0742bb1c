package dev.tailor.security;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** API keys for operators: make one (its secret is shown once), list, rotate, revoke. */
@Path("/admin/api-keys")
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeyAdminResource {

    /** What a new key asks for: a name, comma-separated scopes, and an optional requests-per-second limit. */
    public record KeyRequest(String name, String scopes, Integer ratePerSecond) {}

    private final ApiKeyService keys;

    public ApiKeyAdminResource(ApiKeyService keys) {
        this.keys = keys;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(KeyRequest request) {
        KeyRequest asked = request == null ? new KeyRequest(null, null, null) : request;
        return Response.status(Response.Status.CREATED)
                .entity(keys.create(asked.name(), asked.scopes(), asked.ratePerSecond()))
                .build();
    }

    @GET
    public List<ApiKeyService.KeyView> list() {
        return keys.list();
    }

    /** A new secret for the same key id: 200, as nothing new is created that a later call would name. */
    @POST
    @Path("/{id}/rotate")
    public ApiKeyService.IssuedKey rotate(@PathParam("id") long id) {
        return keys.rotate(id);
    }

    @DELETE
    @Path("/{id}")
    public Response revoke(@PathParam("id") long id) {
        keys.revoke(id);
        return Response.noContent().build();
    }
}
