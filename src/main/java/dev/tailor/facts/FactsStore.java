package dev.tailor.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.ingest.CustomerEvent;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Customer facts in Redis: one hash per customer ({@code tailor:c:{id}}) read in one round trip, and a sorted set
 * of applied messageIds beside it. Events are applied by a Lua script so that the duplicate check and the update
 * are one atomic step.
 *
 * <p>Hash fields: {@code t:<trait>} JSON value; per event name {@code n:} count, {@code f:}/{@code l:} first and
 * last event time (epoch ms), {@code h:} hourly counts as {@code hour:count,...}.
 */
@ApplicationScoped
public class FactsStore {

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();
    private static final String APPLY_SCRIPT = readScript("apply-event.lua");
    private static final String APPLY_SHA = sha1(APPLY_SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ObjectMapper json;
    private final FactsConfig config;

    public FactsStore(ReactiveRedisDataSource redis, ObjectMapper json, FactsConfig config) {
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.json = json;
        this.config = config;
    }

    static String factsKey(String customerId) {
        return "tailor:c:{" + customerId + "}";
    }

    static String appliedKey(String customerId) {
        return factsKey(customerId) + ":applied";
    }

    /** Applies an event unless its messageId was applied before; emits whether it was applied. */
    public Uni<Boolean> apply(CustomerEvent event) {
        Instant now = Instant.now();
        List<String> args = new ArrayList<>();
        args.add(APPLY_SHA);
        args.add("2");
        args.add(factsKey(event.customerId()));
        args.add(appliedKey(event.customerId()));
        args.add(event.messageId());
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(config.dedupWindow().toMillis()));
        args.add(Long.toString(event.timestamp().toEpochMilli()));
        args.add(Long.toString(Math.floorDiv(now.minus(config.hourlyRetention()).toEpochMilli(), HOUR_MS)));
        args.add(event.event() == null ? "" : event.event());
        if ("identify".equals(event.type()) && event.traits() != null) {
            event.traits().forEach((name, value) -> {
                args.add(name);
                args.add(toJson(value));
            });
        }
        return evalsha(args).map(response -> response.toInteger() == 1);
    }

    /** The customer's facts as of {@code now}; a customer never seen has none. */
    public Uni<Customer> read(String customerId, Instant now) {
        return hashes.hgetall(factsKey(customerId)).map(fields -> decode(customerId, now, fields));
    }

    /** The facts of a customer Tailor knows nothing about: what the default decision is made from. */
    public Customer noFacts(String customerId, Instant now) {
        return decode(customerId, now, Map.of());
    }

    /** Scripts live in Redis's script cache, which a restart empties: load it again when Redis says NOSCRIPT. */
    private Uni<Response> evalsha(List<String> args) {
        return redis.execute("EVALSHA", args.toArray(String[]::new))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> {
                    List<String> evalArgs = new ArrayList<>(args);
                    evalArgs.set(0, APPLY_SCRIPT);
                    return redis.execute("EVAL", evalArgs.toArray(String[]::new));
                });
    }

    Customer decode(String customerId, Instant now, Map<String, String> fields) {
        Map<String, Object> traits = new HashMap<>();
        Map<String, EventParts> events = new HashMap<>();
        fields.forEach((field, value) -> {
            if (field.length() < 2 || field.charAt(1) != ':') {
                return;
            }
            String name = field.substring(2);
            switch (field.charAt(0)) {
                case 't' -> traits.put(name, fromJson(value));
                case 'n' -> events.computeIfAbsent(name, n -> new EventParts()).count = Long.parseLong(value);
                case 'f' -> events.computeIfAbsent(name, n -> new EventParts()).first = Long.parseLong(value);
                case 'l' -> events.computeIfAbsent(name, n -> new EventParts()).last = Long.parseLong(value);
                case 'h' -> events.computeIfAbsent(name, n -> new EventParts()).hourly = value;
                default -> { }
            }
        });
        Map<String, EventStats> stats = new HashMap<>();
        events.forEach((name, parts) -> stats.put(name, parts.toStats()));
        return new Customer(customerId, now, traits, stats, config.hourlyRetention());
    }

    private static final class EventParts {
        long count;
        long first;
        long last;
        String hourly = "";

        EventStats toStats() {
            TreeMap<Long, Long> hours = new TreeMap<>();
            for (String bucket : hourly.split(",")) {
                int colon = bucket.indexOf(':');
                if (colon > 0) {
                    hours.merge(Long.parseLong(bucket.substring(0, colon)), Long.parseLong(bucket.substring(colon + 1)),
                            Long::sum);
                }
            }
            return new EventStats(count, Instant.ofEpochMilli(first), Instant.ofEpochMilli(last), hours);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Trait value cannot be written as JSON", e);
        }
    }

    private Object fromJson(String value) {
        try {
            return json.readValue(value, Object.class);
        } catch (IOException e) {
            return value;
        }
    }

    private static String readScript(String name) {
        try (InputStream in = FactsStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing Redis script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
