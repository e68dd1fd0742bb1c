package dev.tailor.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Delivers one batch of segment changes to a destination: a signed POST, retried with exponential backoff and
 * jitter on timeouts, 5xx, 408 and 429 (honouring Retry-After), paced to the destination's requests per second across
 * nodes ({@link DestinationPace}).
 * Other 4xx answers are final at once: resending the same body cannot help.
 */
@ApplicationScoped
public class WebhookDelivery {

    /** The last error of a request that got no answer, whatever the reason. */
    static final String UNREACHABLE = "unreachable";

    /** How a batch ended: delivered, or failed after {@code attempts} with the last error. */
    public record Outcome(boolean delivered, int attempts, String lastError) {}

    private final SyncConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final DestinationGuard guard;
    private final Vertx vertx;
    private final DestinationPace pace;

    private final MeterRegistry metrics;

    public WebhookDelivery(
            SyncConfig config,
            ObjectMapper json,
            MeterRegistry metrics,
            DestinationGuard guard,
            DestinationPace pace,
            Vertx vertx) {
        this.metrics = metrics;
        this.pace = pace;
        this.config = config;
        this.json = json;
        this.guard = guard;
        this.vertx = vertx;
        // SNI and certificate checks use the URL's host, although the connection goes to a checked address.
        this.http = vertx.createHttpClient(
                new HttpClientOptions().setForceSni(true).setVerifyHost(true).setConnectTimeout((int)
                        config.timeout().toMillis()));
    }

    /** The body a destination receives: {@code {"destination": ..., "changes": [ ...changes as published ]}}. */
    String body(DestinationView destination, List<String> changes) {
        try {
            return "{\"destination\":" + json.writeValueAsString(destination.name()) + ",\"changes\":["
                    + String.join(",", changes) + "]}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers a batch with every retry it is due, waiting between them: for replays, which an admin awaits. */
    public Uni<Outcome> deliver(DestinationView destination, List<String> changes, List<String> changeIds) {
        String body = body(destination, changes);
        return attempt(destination, body, idempotencyKey(changeIds), 1);
    }

    /**
     * One paced request with a batch, its outcome counted as {@code delivered}, {@code retried} or {@code failed}
     * (for good: not retryable, or attempt {@code attempt} was the last one allowed). The caller keeps the batch and
     * decides when to try again ({@link #retryAfter(Attempt, int)}).
     */
    public Uni<Attempt> tryOnce(
            DestinationView destination, List<String> changes, List<String> changeIds, int attempt) {
        String body = body(destination, changes);
        return pace.turn(destination)
                .flatMap(ignored -> send(destination, body, idempotencyKey(changeIds)))
                .invoke(result -> outcome(
                        destination,
                        result.delivered()
                                ? "delivered"
                                : result.retryable() && attempt < config.maxAttempts() ? "retried" : "failed"));
    }

    /** How long to wait after failed attempt number {@code attempt}: the answer's Retry-After, or the backoff. */
    public Duration retryAfter(Attempt failed, int attempt) {
        return failed.retryAfter().orElse(backoff(attempt));
    }

    private Uni<Outcome> attempt(DestinationView destination, String body, String idempotencyKey, int attempt) {
        return pace.turn(destination)
                .flatMap(ignored -> send(destination, body, idempotencyKey))
                .flatMap(result -> {
                    if (result.delivered()) {
                        outcome(destination, "delivered");
                        return Uni.createFrom().item(new Outcome(true, attempt, ""));
                    }
                    if (!result.retryable() || attempt >= config.maxAttempts()) {
                        outcome(destination, "failed");
                        Log.warnf(
                                "Webhook to %s failed for good after %d attempt(s): %s",
                                destination.name(), attempt, result.error());
                        return Uni.createFrom().item(new Outcome(false, attempt, result.error()));
                    }
                    outcome(destination, "retried");
                    Duration wait = result.retryAfter().orElse(backoff(attempt));
                    Log.debugf(
                            "Webhook to %s: %s; attempt %d in %s",
                            destination.name(), result.error(), attempt + 1, wait);
                    return after(wait).flatMap(x -> attempt(destination, body, idempotencyKey, attempt + 1));
                });
    }

    /** tailor.webhooks: requests by destination and outcome (delivered, retried, failed for good). */
    private void outcome(DestinationView destination, String outcome) {
        metrics.counter("tailor.webhooks", "destination", destination.name(), "outcome", outcome)
                .increment();
    }

    private static Uni<Void> after(Duration wait) {
        Uni<Void> now = Uni.createFrom().voidItem();
        return wait.isZero() || wait.isNegative() ? now : now.onItem().delayIt().by(wait);
    }

    /** What one request came to: delivered, or its error and whether a later attempt may pass. */
    public record Attempt(boolean delivered, boolean retryable, String error, Optional<Duration> retryAfter) {}

    private Uni<Attempt> send(DestinationView destination, String body, String idempotencyKey) {
        long timestamp = Instant.now().getEpochSecond();
        // Resolving blocks, so off the event loop; the result comes back on the calling context (dead letters in
        // PostgreSQL need it).
        Future<DestinationGuard.Target> checked = vertx.executeBlocking(() -> guard.check(destination.url()), false);
        Future<Attempt> sent = checked.compose(target -> http.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setAbsoluteURI(target.uri().toString())
                        // To the address that was checked, never a second resolution of the name.
                        .setServer(SocketAddress.inetSocketAddress(
                                target.port(), target.address().getHostAddress()))
                        .setFollowRedirects(false)
                        .setConnectTimeout(config.timeout().toMillis())
                        .setIdleTimeout(config.timeout().toMillis())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("User-Agent", "Tailor")
                        .putHeader(
                                WebhookSigner.HEADER,
                                WebhookSigner.signature(destination.signingSecret(), timestamp, body))
                        .putHeader("Idempotency-Key", idempotencyKey))
                .compose(request -> request.send(Buffer.buffer(body, "UTF-8")))
                .compose(response -> response.end().map(ignored -> answered(response))));
        return Uni.createFrom()
                .completionStage(() -> sent.toCompletionStage())
                .onFailure()
                .recoverWithItem(failure -> unreachable(destination, failure));
    }

    private Attempt answered(HttpClientResponse response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Attempt(true, false, "", Optional.empty());
        }
        boolean retryable = status >= 500 || status == 429 || status == 408;
        return new Attempt(
                false,
                retryable,
                "HTTP " + status,
                Optional.ofNullable(response.getHeader("Retry-After")).flatMap(this::retryAfter));
    }

    /**
     * No answer: a refused address, a name that does not resolve, a refused or timed-out connection. All read
     * "unreachable", so that dead letters cannot be used to tell an open port from a closed one; a refused address
     * is final, the rest may pass.
     */
    private static Attempt unreachable(DestinationView destination, Throwable failure) {
        boolean refused = failure instanceof DestinationGuard.RefusedException;
        if (refused) {
            Log.warnf("Webhook to %s not sent: its URL %s", destination.name(), failure.getMessage());
        } else {
            Log.debugf("Webhook to %s unreachable: %s", destination.name(), failure.toString());
        }
        return new Attempt(false, !refused, UNREACHABLE, Optional.empty());
    }

    /** Retry-After in seconds (an HTTP date is rare from ESPs and treated as absent), capped at the longest backoff. */
    private Optional<Duration> retryAfter(String header) {
        try {
            Duration asked = Duration.ofSeconds(Long.parseLong(header.strip()));
            return Optional.of(asked.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : asked);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Exponential with full jitter: a random wait up to first-backoff * 2^(attempt-1), capped. */
    private Duration backoff(int attempt) {
        long ceiling =
                Math.min(config.maxBackoff().toMillis(), config.firstBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(config.firstBackoff().toMillis() / 2
                + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling)));
    }

    private static String idempotencyKey(List<String> changeIds) {
        return DigestUtils.sha256Hex(String.join(",", changeIds));
    }
}
