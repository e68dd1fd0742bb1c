package dev.tailor.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.events.CustomerEvent;
import dev.tailor.hygiene.TraitNormalizer;
import dev.tailor.shared.error.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads one Segment Spec call into a {@link CustomerEvent}: the fields its type needs, the Segment limits on them,
 * times in UTC and normalised traits. Every offending field is named, e.g. {@code batch[3].userId}.
 */
@ApplicationScoped
public class SegmentCallReader {

    static final Set<String> TYPES = Set.of("identify", "track", "page", "screen", "group", "alias");
    /** The fields a {@link CustomerEvent} holds as its own; every other one is kept in its {@code extra}. */
    private static final Set<String> OWN_FIELDS = Set.of(
            "type", "messageId", "userId", "anonymousId", "previousId", "event", "properties", "traits", "timestamp");

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final ObjectMapper json;
    private final TraitNormalizer traits;
    private final IngestConfig config;
    private final EventPlausibility plausibility;

    public SegmentCallReader(
            ObjectMapper json, TraitNormalizer traits, IngestConfig config, EventPlausibility plausibility) {
        this.json = json;
        this.traits = traits;
        this.config = config;
        this.plausibility = plausibility;
    }

    /**
     * @param at the prefix of the call's fields in error messages: empty for a single call, {@code batch[3].}
     * @param sentAt the call's own sentAt, else its batch's (missing when neither has one)
     * @return the event, or null when {@code errors} gained an entry
     */
    public CustomerEvent read(
            String type, JsonNode call, String at, JsonNode sentAt, Instant receivedAt, List<FieldError> errors) {
        int before = errors.size();
        String userId = id(call, "userId", at, errors);
        String anonymousId = id(call, "anonymousId", at, errors);
        if (userId == null && anonymousId == null) {
            errors.add(new FieldError(at + "userId", "userId or anonymousId is required"));
        }
        String event = null;
        String previousId = null;
        switch (type) {
            case "track" -> {
                event = text(call, "event");
                if (event == null || event.isBlank()) {
                    errors.add(new FieldError(at + "event", "is required for a track call"));
                }
            }
            case "page" -> event = CustomerEvent.PAGE_VIEWED;
            case "screen" -> event = CustomerEvent.SCREEN_VIEWED;
            case "group" -> requiredId(call, "groupId", at, "is required for a group call", errors);
            case "alias" -> {
                previousId = requiredId(call, "previousId", at, "is required for an alias call", errors);
                if (userId == null) {
                    errors.add(new FieldError(at + "userId", "is required for an alias call"));
                }
            }
            default -> {}
        }
        Map<String, Object> properties = object(call, "properties", at, errors);
        Map<String, Object> traitValues = object(call, "traits", at, errors);
        plausibility.checkValues(at, event, properties, traitValues, errors);
        Instant timestamp = time(call.get("timestamp"), at + "timestamp", receivedAt, errors);
        time(call.get("originalTimestamp"), at + "originalTimestamp", receivedAt, errors);
        Instant sent =
                time(sentAt == null || sentAt.isMissingNode() ? null : sentAt, at + "sentAt", receivedAt, errors);
        String messageId = messageId(call, at, errors);
        if (errors.size() > before) {
            return null;
        }
        Instant eventTime = eventTime(timestamp, sent, receivedAt);
        Optional<String> skewed = plausibility.timeProblem(eventTime, receivedAt);
        if (skewed.isPresent()) {
            // Both times were plausible alone; their difference is not (e.g. a sentAt far in the future).
            errors.add(new FieldError(
                    at + "timestamp",
                    "corrected for clock skew with sentAt (timestamp + receivedAt" + " - sentAt) " + skewed.get()));
            return null;
        }
        return new CustomerEvent(
                type,
                messageId == null ? UUID.randomUUID().toString() : messageId,
                userId != null ? userId : anonymousId,
                userId,
                anonymousId,
                previousId,
                event,
                properties,
                traits.normalize(traitValues),
                eventTime,
                receivedAt,
                CustomerEvent.SCHEMA_VERSION,
                declaredVersion(call),
                extra(call));
    }

    /** Whatever else the sender sent, kept as sent, so that a later consumer can still use it. */
    private Map<String, Object> extra(JsonNode call) {
        ObjectNode rest = ((ObjectNode) call).deepCopy();
        rest.remove(OWN_FIELDS);
        // Trust is Tailor's word, never the sender's.
        rest.remove(CustomerEvent.IDENTITY_TRUSTED);
        return rest.isEmpty() ? null : json.convertValue(rest, OBJECT);
    }

    /** The version a sender declared for its tracking plan: the call's schemaVersion, else its version. */
    private static String declaredVersion(JsonNode call) {
        for (String name : List.of("schemaVersion", "version")) {
            JsonNode node = call.get(name);
            if (node != null && node.isValueNode() && !node.isNull()) {
                return node.asText();
            }
        }
        return null;
    }

    /** The id a refused call's dead letter is keyed by: userId, else anonymousId, else "unknown". */
    public static String customerIdOf(JsonNode call) {
        for (String name : List.of("userId", "anonymousId")) {
            JsonNode node = call == null ? null : call.get(name);
            if (node != null
                    && (node.isTextual() || node.isIntegralNumber())
                    && !node.asText().isBlank()) {
                return node.asText().strip();
            }
        }
        return RefusedCall.UNKNOWN_CUSTOMER;
    }

    /**
     * Segment's clock-skew correction: a client whose clock is off stamps both timestamp and sentAt with the same
     * error, so timestamp + (receivedAt - sentAt) is the event's time on Tailor's clock.
     */
    static Instant eventTime(Instant timestamp, Instant sentAt, Instant receivedAt) {
        if (timestamp == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return timestamp;
        }
        return receivedAt.minusMillis(sentAt.toEpochMilli() - timestamp.toEpochMilli());
    }

    private String messageId(JsonNode call, String at, List<FieldError> errors) {
        JsonNode node = call.get("messageId");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(mustBeString(at, "messageId"));
            return null;
        }
        String messageId = node.asText();
        if (messageId.length() > config.maxMessageIdLength()) {
            errors.add(new FieldError(
                    at + "messageId",
                    "is " + messageId.length() + " characters; it may be at most " + config.maxMessageIdLength()));
            return null;
        }
        return messageId.isBlank() ? null : messageId;
    }

    private static String id(JsonNode call, String name, String at, List<FieldError> errors) {
        JsonNode node = call.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            errors.add(mustBeString(at, name));
            return null;
        }
        String value = node.asText().trim();
        Optional<String> problem = EventPlausibility.idProblem(value);
        if (problem.isPresent()) {
            errors.add(new FieldError(at + name, problem.get()));
            return null;
        }
        return value.isEmpty() ? null : value;
    }

    /** An id the call's type needs: named as missing unless it was already named as being of the wrong kind. */
    private static String requiredId(JsonNode call, String name, String at, String detail, List<FieldError> errors) {
        int before = errors.size();
        String value = id(call, name, at, errors);
        if (value == null && errors.size() == before) {
            errors.add(new FieldError(at + name, detail));
        }
        return value;
    }

    private static FieldError mustBeString(String at, String name) {
        return new FieldError(at + name, "must be a string");
    }

    private static String text(JsonNode call, String name) {
        JsonNode node = call.get(name);
        return node == null || !node.isTextual() ? null : node.asText();
    }

    private Map<String, Object> object(JsonNode call, String name, String at, List<FieldError> errors) {
        JsonNode node = call.get(name);
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            errors.add(new FieldError(at + name, "must be a JSON object"));
            return Map.of();
        }
        return json.convertValue(node, OBJECT);
    }

    /** An ISO-8601 date-time with an offset, as the UTC instant it names, if it is a plausible event time. */
    private Instant time(JsonNode node, String field, Instant receivedAt, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(
                    new FieldError(field, "must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T12:00:00Z"));
            return null;
        }
        return plausibility.checkTime(field, time, receivedAt, errors) ? time : null;
    }
}
