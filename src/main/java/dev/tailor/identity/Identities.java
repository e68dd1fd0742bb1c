package dev.tailor.identity;

import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.events.RedisKeys;
import dev.tailor.shared.redis.HashSlot;

/**
 * Where identity resolution keeps its own state in Redis, beside the identifier links of
 * {@link dev.tailor.events.IdentifierKeys}: {@code tailor:c:{id}:ids} lists a customer's identifiers as {@code u:},
 * {@code a:} or {@code e:} and the value.
 */
final class Identities {

    /** What the journal of each slot starts with: links and merges not yet recorded (see IdentityJournal). */
    static final String JOURNAL_PREFIX = RedisKeys.ROOT + "identity:journal:{";
    /** Which node drains the journals. */
    static final String JOURNAL_LOCK = RedisKeys.ROOT + "identity:journal:lock";
    /** Pairs of customers an administrator separated, "a|b" both ways: never merged again automatically. */
    static final String UNMERGED = RedisKeys.ROOT + "identity:unmerged";

    private Identities() {}

    static String identifiersKey(String customerId) {
        return CustomerKeys.of(customerId) + ":ids";
    }

    /** Former owners of an identifier whose identifiers sets may still list it (see link-identifier.lua). */
    static String movedKey(String identifier) {
        return IdentifierKeys.linkKey(identifier) + ":moved";
    }

    /** Customers merged into {@code survivor} whose merge is not committed yet (see merge-profiles.lua). */
    static String mergedKey(String survivor) {
        return CustomerKeys.of(survivor) + ":merged";
    }

    /** The journal of a slot, for an entry a script writes with {@code key}. */
    static String journalKey(String key) {
        return journalOfSlot(HashSlot.of(key));
    }

    static String journalOfSlot(int slot) {
        return JOURNAL_PREFIX + HashSlot.tagOf(slot) + "}";
    }
}
