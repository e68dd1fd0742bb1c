package dev.tailor.decisions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerKeys;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;

/**
 * Decisions pinned to an ESP's message: an ESP renders one message several times (HTML, text and AMP passes,
 * retries), and every render of it must personalise alike. The first decision made for a customer, rule set and
 * message id is kept ({@code tailor:c:{id}:render:<rule set>:<message id>}) for {@code tailor.decisions.pin-for}.
 */
@ApplicationScoped
public class RenderPins {

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final DecisionConfig config;

    public RenderPins(ReactiveRedisDataSource redis, ObjectMapper json, DecisionConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    static String key(String customerId, String ruleSet, String messageId) {
        return CustomerKeys.of(customerId) + ":render:" + ruleSet + ":" + messageId;
    }

    public Uni<Optional<Decision>> pinned(String customerId, String ruleSet, String messageId) {
        return redis.value(String.class)
                .get(key(customerId, ruleSet, messageId))
                .map(stored -> Optional.ofNullable(stored).map(this::read));
    }

    /** Pins {@code decision} unless a concurrent render pinned one first; answers the pinned one. */
    public Uni<Decision> pin(String messageId, Decision decision) {
        String key = key(decision.customerId(), decision.ruleSet().name(), messageId);
        return redis.execute(
                        "SET",
                        key,
                        write(decision),
                        "NX",
                        "GET",
                        "PX",
                        Long.toString(config.pinFor().toMillis()))
                .map(previous -> previous == null ? decision : read(previous.toString()));
    }

    private String write(Decision decision) {
        try {
            return json.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Decision read(String stored) {
        try {
            return json.readValue(stored, Decision.class);
        } catch (IOException e) {
            throw new IllegalStateException("A pinned decision could not be read", e);
        }
    }
}
