package dev.tailor.ingest.sendgrid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.ingest.EventPlausibility;
import dev.tailor.ingest.InvalidEventException;
import dev.tailor.ingest.RefusedCall;
import dev.tailor.shared.error.Problem.FieldError;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads a SendGrid Event Webhook body (a JSON array of events) into Segment e-mail events, see
 * {@link SendGridEventNames}. Events of types Tailor does not take are skipped and counted. An event Tailor takes
 * but cannot read, or whose values are implausible ({@link EventPlausibility}), is refused alone with every offending
 * field named, e.g. {@code [3].email}, for the dead-letter topic; the others are read. Only a body that is no JSON
 * array of events is refused whole.
 */
@ApplicationScoped
public class SendGridEventParser {

    /** SendGrid fields copied into the event's properties, under the same names. */
    private static final List<String> COPIED_FIELDS =
            List.of("sg_message_id", "url", "reason", "category", "asm_group_id");

    private final ObjectMapper json;
    private final SendGridConfig config;
    private final EventPlausibility plausibility;

    public SendGridEventParser(ObjectMapper json, SendGridConfig config, EventPlausibility plausibility) {
        this.json = json;
        this.config = config;
        this.plausibility = plausibility;
    }

    /** @throws InvalidEventException when the body is no JSON array; nothing of the request is to be accepted */
    public SendGridBatch parse(byte[] body, Instant receivedAt) {
        JsonNode array = readArray(body);
        List<CustomerEvent> events = new ArrayList<>(array.size());
        List<RefusedCall> refused = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < array.size(); i++) {
            String at = "[" + i + "]";
            JsonNode event = array.get(i);
            List<FieldError> errors = new ArrayList<>();
            CustomerEvent read = null;
            if (!event.isObject()) {
                errors.add(new FieldError(at, "must be a JSON object"));
            } else if (text(event, "event") == null) {
                errors.add(new FieldError(at + ".event", "is required"));
            } else {
                String type = text(event, "event");
                Optional<String> name = SendGridEventNames.segmentEvent(type, text(event, "type"));
                if (name.isEmpty()) {
                    // SendGrid adds event types over time (account events carry no e-mail at all); refusing them
                    // would fill the dead-letter topic with events no rule can use.
                    Log.debugf("Skipped a SendGrid event of type %s", type);
                    skipped++;
                    continue;
                }
                read = toEvent(name.get(), type, event, at, receivedAt, errors);
            }
            if (errors.isEmpty()) {
                events.add(read);
            } else {
                refused.add(new RefusedCall(i, errors, event.toString(), customerKey(event)));
            }
        }
        return new SendGridBatch(events, skipped, refused);
    }

    /** What a refused event's dead letter is keyed by: its customer id argument, else its e-mail, else unknown. */
    private String customerKey(JsonNode event) {
        for (String name : List.of(config.customerIdArg(), "email")) {
            JsonNode node = event.get(name);
            if (node != null
                    && (node.isTextual() || node.isIntegralNumber())
                    && !node.asText().isBlank()) {
                String value = node.asText().trim();
                return "email".equals(name) ? value.toLowerCase(Locale.ROOT) : value;
            }
        }
        return RefusedCall.UNKNOWN_CUSTOMER;
    }

    private JsonNode readArray(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidEventException("body", "is empty; expected a JSON array of SendGrid events");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            // Jackson's message quotes the input, which holds e-mail addresses: name only where it broke.
            throw new InvalidEventException("body", "is not valid JSON" + location(e));
        }
        if (root == null || !root.isArray()) {
            throw new InvalidEventException("body", "must be a JSON array of SendGrid events");
        }
        return root;
    }

    private CustomerEvent toEvent(
            String name, String type, JsonNode event, String at, Instant receivedAt, List<FieldError> errors) {
        int before = errors.size();
        String email = email(event, at, errors);
        String customArg = customArg(event, at, errors);
        Instant timestamp = timestamp(event, at, receivedAt, errors);
        Map<String, Object> properties = properties(event, type, email);
        plausibility.checkValues(at + ".", name, properties, Map.of(), errors);
        if (errors.size() > before) {
            return null;
        }
        String customerId = customArg != null ? customArg : email;
        return new CustomerEvent(
                "track",
                messageId(event),
                customerId,
                customerId,
                null,
                null,
                name,
                properties,
                Map.of(),
                timestamp,
                receivedAt);
    }

    /** Trimmed and lower-cased, so that every spelling SendGrid reports keys the same customer. */
    private static String email(JsonNode event, String at, List<FieldError> errors) {
        JsonNode node = event.get("email");
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            errors.add(new FieldError(at + ".email", "is required"));
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(at + ".email", "must be a string"));
            return null;
        }
        return node.asText().trim().toLowerCase(Locale.ROOT);
    }

    private String customArg(JsonNode event, String at, List<FieldError> errors) {
        String name = config.customerIdArg();
        JsonNode node = event.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            errors.add(new FieldError(at + "." + name, "must be a string"));
            return null;
        }
        String value = node.asText().trim();
        return value.isEmpty() ? null : value;
    }

    private Instant timestamp(JsonNode event, String at, Instant receivedAt, List<FieldError> errors) {
        JsonNode node = event.get("timestamp");
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at + ".timestamp", "is required"));
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            errors.add(new FieldError(at + ".timestamp", "must be unix seconds, e.g. 1767225600"));
            return null;
        }
        return plausibility.epochSeconds(at + ".timestamp", node.asLong(), receivedAt, errors);
    }

    /**
     * SendGrid resends a whole batch when an answer is not 2xx, with the same sg_event_id per event, so the facts
     * store counts each event once. Without one, an id derived from the event's content keeps that property.
     */
    private static String messageId(JsonNode event) {
        String id = text(event, "sg_event_id");
        if (id != null) {
            return id;
        }
        return "sendgrid-" + UUID.nameUUIDFromBytes(event.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> properties(JsonNode event, String type, String email) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("email", email);
        // Several SendGrid events become one Segment event (unsubscribe and group_unsubscribe); keep which it was.
        properties.put("sendgrid_event", type);
        for (String field : COPIED_FIELDS) {
            JsonNode value = event.get(field);
            if (value != null && !value.isNull()) {
                properties.put(field, json.convertValue(value, Object.class));
            }
        }
        String bounceType = text(event, "type");
        if ("bounce".equals(type) && bounceType != null) {
            properties.put("bounce_type", bounceType);
        }
        return properties;
    }

    private static String text(JsonNode event, String name) {
        JsonNode node = event.get(name);
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }

    private static String location(IOException e) {
        if (e instanceof JsonProcessingException parse && parse.getLocation() != null) {
            return " (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ")";
        }
        return "";
    }
}
