package dev.tailor.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.shared.error.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads Segment Spec HTTP API bodies (single calls and batches) into {@link CustomerEvent}s, refusing the whole
 * request with every offending field named when any part breaks the spec.
 */
@ApplicationScoped
public class SegmentRequestParser {

    static final Set<String> TYPES = Set.of("identify", "track", "page", "screen", "group", "alias");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private final ObjectMapper json;

    public SegmentRequestParser(ObjectMapper json) {
        this.json = json;
    }

    /** A single call posted to {@code /v1/<type>}; the path decides the type. */
    public CustomerEvent parseSingle(String type, byte[] body, Instant receivedAt) {
        JsonNode root = readObject(body);
        List<FieldError> errors = new ArrayList<>();
        CustomerEvent event = toEvent(type, root, "", root.path("sentAt"), receivedAt, errors);
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        return event;
    }

    /** A {@code /v1/batch} body: {@code {"batch": [...], "sentAt": ..., "context": ...}}. */
    public List<CustomerEvent> parseBatch(byte[] body, Instant receivedAt) {
        JsonNode root = readObject(body);
        JsonNode batch = root.get("batch");
        if (batch == null || !batch.isArray()) {
            throw new InvalidEventException("batch", "must be an array of Segment calls");
        }
        if (batch.isEmpty()) {
            throw new InvalidEventException("batch", "must hold at least one call");
        }
        List<FieldError> errors = new ArrayList<>();
        List<CustomerEvent> events = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            String at = "batch[" + i + "].";
            JsonNode call = batch.get(i);
            if (!call.isObject()) {
                errors.add(new FieldError("batch[" + i + "]", "must be a JSON object"));
                continue;
            }
            String type = text(call, "type");
            if (type == null || !TYPES.contains(type)) {
                errors.add(new FieldError(at + "type", "must be one of " + String.join(", ", TYPES.stream().sorted().toList())));
                continue;
            }
            JsonNode sentAt = call.hasNonNull("sentAt") ? call.get("sentAt") : root.path("sentAt");
            events.add(toEvent(type, call, at, sentAt, receivedAt, errors));
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors);
        }
        return events;
    }

    private JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidEventException("body", "is empty; expected a JSON object");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (java.io.IOException e) {
            throw new InvalidEventException("body", "is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("body", "must be a JSON object");
        }
        return root;
    }

    private CustomerEvent toEvent(String type, JsonNode call, String at, JsonNode sentAt, Instant receivedAt,
            List<FieldError> errors) {
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
            case "alias" -> {
                previousId = id(call, "previousId", at, errors);
                if (previousId == null) {
                    errors.add(new FieldError(at + "previousId", "is required for an alias call"));
                }
                if (userId == null) {
                    errors.add(new FieldError(at + "userId", "is required for an alias call"));
                }
            }
            default -> { }
        }
        Map<String, Object> properties = object(call, "properties", at, errors);
        Map<String, Object> traits = object(call, "traits", at, errors);
        Instant timestamp = time(call.get("timestamp"), at + "timestamp", errors);
        Instant sent = time(sentAt.isMissingNode() ? null : sentAt, at + "sentAt", errors);
        String messageId = text(call, "messageId");
        if (errors.size() > before) {
            return null;
        }
        return new CustomerEvent(type,
                messageId == null || messageId.isBlank() ? UUID.randomUUID().toString() : messageId,
                userId != null ? userId : anonymousId,
                userId, anonymousId, previousId, event, properties, traits,
                eventTime(timestamp, sent, receivedAt), receivedAt);
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

    private static String id(JsonNode call, String name, String at, List<FieldError> errors) {
        JsonNode node = call.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            errors.add(new FieldError(at + name, "must be a string"));
            return null;
        }
        String value = node.asText().trim();
        return value.isEmpty() ? null : value;
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

    private static Instant time(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T12:00:00Z"));
            return null;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
