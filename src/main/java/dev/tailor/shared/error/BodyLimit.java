package dev.tailor.shared.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request that declares a body over {@code quarkus.http.limits.max-body-size} with 413
 * {@code application/problem+json}, before anything reads the body. Quarkus's own check, just after this one in the
 * router, answers the same status with an empty body; it still does for a chunked body that grows past the limit
 * while being read (no {@code Content-Length} to judge beforehand).
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final byte[] answer;

    public BodyLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit,
            ObjectMapper json)
            throws JsonProcessingException {
        this.limit = limit.asLongValue();
        this.answer = json.writeValueAsBytes(HttpProblems.bodyTooLarge(
                "is larger than " + (this.limit + 1023) / 1024 + " KB, the largest request body Tailor takes"));
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (declaredLength(context) <= limit) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        response.setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        // The body is never read: the connection cannot carry another request after it.
        response.endHandler(ended -> context.request().connection().close());
        response.end(Buffer.buffer(answer));
    }

    private static long declaredLength(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return -1; // Vert.x refuses a malformed Content-Length itself
        }
    }
}
