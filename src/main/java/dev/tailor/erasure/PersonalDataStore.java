package dev.tailor.erasure;

import java.util.Set;

/**
 * A PostgreSQL store that keeps something about customers by their identifiers (identity records, undelivered
 * webhooks, duplicate candidates, data-quality issues). An erasure asks each one to forget the customer.
 */
public interface PersonalDataStore {

    /** Removes every record about any of {@code identifiers}; blocking, called on a worker thread; answers how many. */
    long erase(Set<String> identifiers);
}
