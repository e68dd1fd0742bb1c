package dev.tailor.ingest;

import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.Problem.FieldError;
import dev.tailor.shared.error.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An ingest request holding events of a customer over its budget (429); nothing of the request was stored. */
public class CustomerOverBudgetException extends ProblemException {

    private final String field;
    private final long retryAfterSeconds;

    public CustomerOverBudgetException(String field, long retryAfterSeconds, String detail) {
        super(detail);
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The customer field of the customer's first call in the request, e.g. {@code batch[3].userId}. */
    public String field() {
        return field;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * 429 naming the call's customer field, which the Segment and RudderStack clients retry after
     * {@code Retry-After}.
     */
    @Override
    public Problem problem() {
        return Problem.invalidFields(
                "customer-over-budget", "Customer over its budget", 429, List.of(new FieldError(field, getMessage())));
    }

    @Override
    public Map<String, Object> headers() {
        return Map.of("Retry-After", retryAfterSeconds);
    }

    /** The customer id is personal data: the line names only the field. */
    @Override
    public Optional<String> warning() {
        return Optional.of("Throttled a request: the customer of " + field + " is over its budget");
    }
}
