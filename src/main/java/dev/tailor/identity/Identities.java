package dev.tailor.identity;

import dev.tailor.events.CustomerKeys;
import dev.tailor.events.RedisKeys;

/**
 * Where identity resolution keeps its own state in Redis, beside the identifier links of
 * {@link dev.tailor.events.IdentifierKeys}: {@code tailor:c:{id}:ids} lists a customer's identifiers as {@code u:},
 * {@code a:} or {@code e:} and the value.
 */
final class Identities {

    /** Links and merges not yet recorded in PostgreSQL (see IdentityJournal). */
    static final String JOURNAL = RedisKeys.ROOT + "identity:journal";
    /** Pairs of customers an administrator separated, "a|b" both ways: never merged again automatically. */
    static final String UNMERGED = RedisKeys.ROOT + "identity:unmerged";

    private Identities() {}

    static String identifiersKey(String customerId) {
        return CustomerKeys.of(customerId) + ":ids";
    }
}
