package dev.tailor.shared.persistence;

import java.util.Set;

/**
 * A PostgreSQL store that keeps something about customers by their identifiers (identity records, undelivered
 * webhooks, duplicate candidates, data-quality issues). An erasure asks each one to forget the customer. It sits
 * here, below every feature, so that the stores of features the erasure itself uses (identity) can implement it.
 */
public interface PersonalDataStore {

    /** Removes every record about any of {@code identifiers}; blocking, called on a worker thread; answers how many. */
    long erase(Set<String> identifiers);
}
