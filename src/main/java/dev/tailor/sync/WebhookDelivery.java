package dev.tailor.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Delivers one batch of segment changes to a destination: a signed POST, retried with exponential backoff and
 * jitter on timeouts, 5xx, 408 and 429 (honouring Retry-After), paced to the destination's requests per second.
 * Other 4xx answers are final at once: resending the same body cannot help.
 */
@ApplicationScoped
public class WebhookDelivery {

    /** How a batch ended: delivered, or failed after {@code attempts} with the last error. */
    public record Outcome(boolean delivered, int attempts, String lastError) {}

    private final SyncConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    /** Per destination, the earliest moment the next request may leave (a leaky bucket, per node). */
    private final Map<String, Long> nextSlotNanos = new ConcurrentHashMap<>();

    private final MeterRegistry metrics;

    public WebhookDelivery(SyncConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.metrics = metrics;
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
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

    public Uni<Outcome> deliver(DestinationView destination, List<String> changes, List<String> changeIds) {
        String body = body(destination, changes);
        return attempt(destination, body, idempotencyKey(changeIds), 1);
    }

    private Uni<Outcome> attempt(DestinationView destination, String body, String idempotencyKey, int attempt) {
        return after(paced(destination))
                .flatMap(ignored -> send(destination, body, idempotencyKey))
                .flatMap(result -> {
                    if (result.delivered()) {
                        outcome(destination, "delivered");
                        return Uni.createFrom().item(new Outcome(true, attempt, ""));
                    }
                    if (!result.retryable() || attempt >= config.maxAttempts()) {
                        outcome(destination, "failed");
                        Log.warnf("Webhook to %s failed for good after %d attempt(s): %s", destination.name(), attempt,
                                result.error());
                        return Uni.createFrom().item(new Outcome(false, attempt, result.error()));
                    }
                    outcome(destination, "retried");
                    Duration wait = result.retryAfter().orElse(backoff(attempt));
                    Log.debugf("Webhook to %s: %s; attempt %d in %s", destination.name(), result.error(),
                            attempt + 1, wait);
                    return after(wait).flatMap(x -> attempt(destination, body, idempotencyKey, attempt + 1));
                });
    }

    /** tailor.webhooks: requests by destination and outcome (delivered, retried, failed for good). */
    private void outcome(DestinationView destination, String outcome) {
        metrics.counter("tailor.webhooks", "destination", destination.name(), "outcome", outcome).increment();
    }

    private static Uni<Void> after(Duration wait) {
        Uni<Void> now = Uni.createFrom().voidItem();
        return wait.isZero() || wait.isNegative() ? now : now.onItem().delayIt().by(wait);
    }

    private record Result(boolean delivered, boolean retryable, String error, Optional<Duration> retryAfter) {}

    private Uni<Result> send(DestinationView destination, String body, String idempotencyKey) {
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(destination.url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Tailor")
                .header(WebhookSigner.HEADER, WebhookSigner.signature(destination.signingSecret(), timestamp, body))
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        // The HTTP client completes on its own threads; what follows (dead letters in PostgreSQL) needs the
        // Vert.x context the delivery started on.
        Context context = Vertx.currentContext();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .emitOn(task -> {
                    if (context == null) {
                        task.run();
                    } else {
                        context.runOnContext(ignored -> task.run());
                    }
                })
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return new Result(true, false, "", Optional.empty());
                    }
                    boolean retryable = status >= 500 || status == 429 || status == 408;
                    return new Result(false, retryable, "HTTP " + status,
                            response.headers().firstValue("Retry-After").flatMap(this::retryAfter));
                })
                .onFailure().recoverWithItem(failure -> new Result(false, true, failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), Optional.empty()));
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
        long ceiling = Math.min(config.maxBackoff().toMillis(),
                config.firstBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(config.firstBackoff().toMillis() / 2
                + ThreadLocalRandom.current().nextLong(Math.max(1, ceiling)));
    }

    private Duration paced(DestinationView destination) {
        long interval = 1_000_000_000L / destination.maxPerSecond();
        long now = System.nanoTime();
        long slot = nextSlotNanos.merge(destination.name(), now + interval,
                (previous, proposed) -> Math.max(previous, now) + interval) - interval;
        return Duration.ofNanos(Math.max(0, slot - now));
    }

    private static String idempotencyKey(List<String> changeIds) {
        return DigestUtils.sha256Hex(String.join(",", changeIds));
    }
}
