package dev.tailor.imports;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * Bulk import of customer records and historical events exported from a CRM or an order system: the file is the
 * body ({@code text/csv} or {@code application/x-ndjson}); the answer is 202 with the import, whose progress and
 * report {@code GET /admin/imports/{id}} shows.
 */
@Path("/admin/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    private final ImportService imports;

    public ImportResource(ImportService imports) {
        this.imports = imports;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response start(
            @QueryParam("kind") String kind,
            @QueryParam("source") String source,
            @QueryParam("map") String map,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @Context UriInfo uri,
            InputStream body) {
        ImportReport queued = imports.start(kind, contentType, source, map, body);
        return Response.accepted(queued)
                .location(uri.getAbsolutePathBuilder()
                        .path(Long.toString(queued.id()))
                        .build())
                .build();
    }

    @GET
    @Path("/{id}")
    public ImportReport get(@PathParam("id") long id) {
        return imports.report(id);
    }
}
