package dev.tailor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.events.CustomerEvent;
import dev.tailor.shared.error.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Segment Spec HTTP API bodies (single calls and batches) within Segment's limits. A request that cannot be
 * used at all (not a JSON object, no batch, too many calls) is refused whole; otherwise each call is accepted or
 * refused on its own, with every offending field named (see {@link SegmentCallReader}).
 */
@ApplicationScoped
public class SegmentRequestParser {

    static final String SORTED_TYPES =
            String.join(", ", SegmentCallReader.TYPES.stream().sorted().toList());

    private final ObjectMapper json;
    private final SegmentCallReader reader;
    private final IngestConfig config;

    public SegmentRequestParser(ObjectMapper json, SegmentCallReader reader, IngestConfig config) {
        this.json = json;
        this.reader = reader;
        this.config = config;
    }

    /**
     * A single call as one event, for callers that have no use for refused calls (scenario tests).
     *
     * @throws InvalidEventException naming every offending field when the call is refused
     */
    public CustomerEvent parseSingle(String type, byte[] body, Instant receivedAt) {
        SegmentCalls calls = parseCall(type, body, receivedAt);
        if (!calls.refused().isEmpty()) {
            throw new InvalidEventException(calls.errors());
        }
        return calls.accepted().get(0);
    }

    /**
     * A single call posted to {@code /v1/<type>}; the path decides the type. A refused call's JSON gains that type
     * when it lacks one, so that every dead letter can be replayed as a batch call.
     *
     * @throws InvalidEventException when the body is not a JSON object
     */
    public SegmentCalls parseCall(String type, byte[] body, Instant receivedAt) {
        JsonNode root = readObject(body);
        List<FieldError> errors = new ArrayList<>();
        CustomerEvent event = null;
        if (body.length > maxEventSize()) {
            errors.add(new FieldError("body", tooLarge(body.length)));
        } else {
            event = reader.read(type, root, "", root.path("sentAt"), receivedAt, errors);
        }
        if (errors.isEmpty()) {
            return new SegmentCalls(List.of(event), List.of());
        }
        if (!root.hasNonNull("type")) {
            ((ObjectNode) root).put("type", type);
        }
        return new SegmentCalls(List.of(), List.of(refused(0, root, errors, null)));
    }

    /**
     * A {@code /v1/batch} body: {@code {"batch": [...], "sentAt": ..., "context": ...}}.
     *
     * @throws InvalidEventException when the request as a whole cannot be used
     */
    public SegmentCalls parseBatch(byte[] body, Instant receivedAt) {
        JsonNode root = readObject(body);
        JsonNode batch = root.get("batch");
        if (batch == null || !batch.isArray()) {
            throw new InvalidEventException("batch", "must be an array of Segment calls");
        }
        if (batch.isEmpty()) {
            throw new InvalidEventException("batch", "must hold at least one call");
        }
        if (batch.size() > config.maxBatchEvents()) {
            throw new InvalidEventException(
                    "batch", "holds " + batch.size() + " calls; a batch may hold at most " + config.maxBatchEvents());
        }
        // No call can be over the limit when the whole body is not: only then is each call measured.
        boolean measure = body.length > maxEventSize();
        List<CustomerEvent> accepted = new ArrayList<>(batch.size());
        List<RefusedCall> refused = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode call = batch.get(i);
            List<FieldError> errors = new ArrayList<>();
            String sent = measure ? write(call) : null;
            int size = sent == null ? 0 : sent.getBytes(StandardCharsets.UTF_8).length;
            CustomerEvent event = null;
            if (size > maxEventSize()) {
                errors.add(new FieldError("batch[" + i + "]", tooLarge(size)));
            } else {
                event = readCall(root, call, i, receivedAt, errors);
            }
            if (errors.isEmpty()) {
                accepted.add(event);
            } else {
                refused.add(refused(i, call, errors, sent));
            }
        }
        return new SegmentCalls(accepted, refused);
    }

    private CustomerEvent readCall(
            JsonNode root, JsonNode call, int index, Instant receivedAt, List<FieldError> errors) {
        String at = "batch[" + index + "].";
        if (!call.isObject()) {
            errors.add(new FieldError("batch[" + index + "]", "must be a JSON object"));
            return null;
        }
        return readCall(call, at, root.path("sentAt"), receivedAt, errors);
    }

    /**
     * One JSON object as a call of a batch (it names its type): the event, or null when {@code errors} gained
     * an entry. Bulk import reads each line of a file with this.
     *
     * @param at the prefix of the call's fields in error messages
     * @param batchSentAt the sentAt of the batch, used when the call has none
     */
    public CustomerEvent readCall(
            JsonNode call, String at, JsonNode batchSentAt, Instant receivedAt, List<FieldError> errors) {
        JsonNode type = call.get("type");
        if (type == null || !type.isTextual() || !SegmentCallReader.TYPES.contains(type.asText())) {
            errors.add(new FieldError(at + "type", "must be one of " + SORTED_TYPES));
            return null;
        }
        JsonNode sentAt = call.hasNonNull("sentAt") ? call.get("sentAt") : batchSentAt;
        return reader.read(type.asText(), call, at, sentAt, receivedAt, errors);
    }

    private RefusedCall refused(int index, JsonNode call, List<FieldError> errors, String sent) {
        return new RefusedCall(index, errors, sent != null ? sent : write(call), SegmentCallReader.customerIdOf(call));
    }

    private JsonNode readObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidEventException("body", "is empty; expected a JSON object");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            // Jackson's message quotes the input, which may hold personal data: name only where it broke.
            throw new InvalidEventException("body", "is not valid JSON" + location(e));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("body", "must be a JSON object");
        }
        return root;
    }

    private String write(JsonNode call) {
        try {
            return json.writeValueAsString(call);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed call could not be written back as JSON", e);
        }
    }

    private long maxEventSize() {
        return config.maxEventSize().asLongValue();
    }

    private String tooLarge(long bytes) {
        return "is " + kilobytes(bytes) + " KB; one call may be at most " + kilobytes(maxEventSize()) + " KB";
    }

    private static long kilobytes(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private static String location(IOException e) {
        if (e instanceof JsonProcessingException parse && parse.getLocation() != null) {
            return " (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ")";
        }
        return "";
    }
}
