package dev.tailor.ingest;

/** An ingest request holding events of a customer over its budget (429); nothing of the request was stored. */
public class CustomerOverBudgetException extends RuntimeException {

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
}
