package dev.tailor.security;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.ProblemMappers;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Keeps strangers out: every endpoint but health, metrics and OpenAPI needs an API key with the scope of its path
 * (ingest for /v1 events, decide for /v1/decisions, admin for the rest). Keys are read as the clients send them:
 * {@code Authorization: Bearer <key>}, {@code X-Api-Key}, or HTTP Basic with the key as user name (how Segment and
 * RudderStack libraries send a write key). Missing or unknown key 401, wrong scope 403, over the key's rate 429.
 */
public class ApiKeyFilter {

    /** The request property holding the caller's {@link ApiKeyGrant}, for endpoints that record who asked. */
    public static final String GRANT = "tailor.api-key";

    private final ApiKeyService keys;
    private final RateLimiter limiter;
    private final SecurityConfig config;

    public ApiKeyFilter(ApiKeyService keys, RateLimiter limiter, SecurityConfig config) {
        this.keys = keys;
        this.limiter = limiter;
        this.config = config;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        Scope needed = Scope.requiredFor(request.getUriInfo().getPath());
        if (needed == null) {
            return Uni.createFrom().nullItem();
        }
        Optional<String> presented = presented(request::getHeaderString);
        if (presented.isEmpty()) {
            return refuse(
                    401,
                    "missing-api-key",
                    "Missing API key",
                    "Send an API key as 'Authorization: Bearer <key>', 'X-Api-Key' or the Basic user name");
        }
        Optional<ApiKeyGrant> grant = keys.grantFor(presented.get());
        if (grant.isEmpty()) {
            return refuse(401, "unknown-api-key", "Unknown API key", "The API key is unknown or revoked");
        }
        if (!grant.get().scopes().contains(needed)) {
            return refuse(
                    403,
                    "missing-scope",
                    "Missing scope",
                    "This key lacks the '" + needed.id() + "' scope this endpoint needs");
        }
        request.setProperty(GRANT, grant.get());
        return limiter.take(grant.get())
                .onFailure()
                .recoverWithItem(failure -> {
                    // A rate limit must never take a render down with Redis: let the request through.
                    Log.warnf("Rate limit unchecked: %s", failure.toString());
                    return Duration.ZERO;
                })
                .map(wait -> wait.isZero()
                        ? null
                        : ProblemMappers.problem(Problem.of(
                                        "rate-limited",
                                        "Too many requests",
                                        429,
                                        "This key's limit is " + grant.get().ratePerSecond() + " requests a second"))
                                .header("Retry-After", Math.max(1, (wait.toMillis() + 999) / 1000))
                                .build());
    }

    private static Uni<Response> refuse(int status, String slug, String title, String detail) {
        Response.ResponseBuilder response = ProblemMappers.problem(Problem.of(slug, title, status, detail));
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"tailor\", Basic realm=\"tailor\"");
        }
        return Uni.createFrom().item(response.build());
    }

    /** The key a request presents, read through its header lookup. */
    static Optional<String> presented(UnaryOperator<String> header) {
        String apiKey = header.apply("X-Api-Key");
        if (apiKey != null && !apiKey.isBlank()) {
            return Optional.of(apiKey.strip());
        }
        String authorization = header.apply(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(authorization.substring(7).strip()).filter(key -> !key.isEmpty());
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon))
                        .filter(key -> !key.isEmpty());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
