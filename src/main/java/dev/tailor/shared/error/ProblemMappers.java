package dev.tailor.shared.error;

import dev.tailor.ingest.EventLogUnavailableException;
import dev.tailor.ingest.InvalidEventException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where exceptions become {@code application/problem+json} answers. */
public class ProblemMappers {

    /** Seconds a Segment client should wait before resending when the event log is unavailable. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response invalidEvent(InvalidEventException e) {
        Log.warnf("Refused event: %s", e.getMessage());
        return problem(Problem.invalidFields("invalid-event", "Invalid event", 400, e.errors())).build();
    }

    @ServerExceptionMapper
    public Response eventLogUnavailable(EventLogUnavailableException e) {
        Log.warnf("Ingest unavailable: %s", e.getMessage());
        return problem(Problem.of("event-log-unavailable", "Event log unavailable", 503,
                        "The event was not stored; retry later."))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    static Response.ResponseBuilder problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
