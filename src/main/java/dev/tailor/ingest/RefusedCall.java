package dev.tailor.ingest;

import dev.tailor.shared.error.Problem.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Segment call refused at ingest, kept for the dead-letter topic so that it can be inspected and replayed.
 *
 * @param index its place in the batch (0 for a single call)
 * @param errors every offending field, e.g. {@code batch[3].userId}
 * @param json the call as sent, as JSON
 * @param customerId its userId, else its anonymousId, else {@value #UNKNOWN_CUSTOMER}
 */
public record RefusedCall(int index, List<FieldError> errors, String json, String customerId) {

    /** The key of a refused call whose customer cannot be read. */
    public static final String UNKNOWN_CUSTOMER = "unknown";

    public RefusedCall {
        errors = List.copyOf(errors);
    }

    /** Why it was refused, as {@code field: detail}, several joined by {@code ; }. */
    public String reason() {
        return errors.stream()
                .map(error -> error.field() + ": " + error.detail())
                .collect(Collectors.joining("; "));
    }
}
