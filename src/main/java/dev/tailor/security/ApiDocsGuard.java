package dev.tailor.security;

import dev.tailor.shared.error.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * The API description and its UI need a key of the admin scope when {@code tailor.security.protect-api-docs} is on
 * (the prod profile): they are served by Quarkus outside the REST layer that {@link ApiKeyFilter} guards.
 */
@ApplicationScoped
public class ApiDocsGuard {

    private final ApiKeyService keys;
    private final SecurityConfig config;

    public ApiDocsGuard(ApiKeyService keys, SecurityConfig config) {
        this.keys = keys;
        this.config = config;
    }

    void routes(@Observes Router router) {
        if (config.enabled() && config.protectApiDocs()) {
            router.routeWithRegex("/q/(openapi|swagger-ui)(/.*|\\..*)?")
                    .order(-1000)
                    .handler(this::check);
        }
    }

    private void check(RoutingContext context) {
        Optional<ApiKeyGrant> grant = ApiKeyFilter.presented(
                        name -> context.request().getHeader(name))
                .flatMap(keys::grantFor);
        if (grant.isEmpty()) {
            refuse(
                    context,
                    Problem.of(
                            "missing-api-key",
                            "Missing API key",
                            401,
                            "The API description needs a key of the admin scope"));
        } else if (!grant.get().scopes().contains(Scope.ADMIN)) {
            refuse(
                    context,
                    Problem.of(
                            "missing-scope",
                            "Missing scope",
                            403,
                            "The API description needs a key of the admin scope"));
        } else {
            context.next();
        }
    }

    private static void refuse(RoutingContext context, Problem problem) {
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(io.vertx.core.json.Json.encode(problem));
    }
}
