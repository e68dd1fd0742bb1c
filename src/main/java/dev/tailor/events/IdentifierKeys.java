package dev.tailor.events;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * The Redis keys of the identifier namespace, which applying events (facts), identity resolution and erasure all
 * consult in the same atomic step as their own writes: every identifier (userId, anonymousId or e-mail address)
 * shares one namespace, {@code tailor:id:{identifier}} holding the customer it belongs to when that is not itself;
 * an erased identifier is remembered by its {@link #digest}, in the tombstones' hash of its slot
 * ({@code facts.TombstoneKeys}, which knows slots). Identity writes the links and erasure the tombstones; the names
 * sit here, below all three, so that none of them has to know the others.
 */
public final class IdentifierKeys {

    /**
     * What every identifier's link key starts with, before the identifier and the closing brace of its hash tag.
     * Scripts that find identifiers in Redis (a merged profile's) are given it, so that they build the links' keys as
     * {@link #linkKey} does.
     */
    public static final String LINK_PREFIX = RedisKeys.ROOT + "id:{";

    private IdentifierKeys() {}

    /** Where an identifier's link to the customer it was merged into is kept. */
    public static String linkKey(String identifier) {
        return LINK_PREFIX + identifier + "}";
    }

    /**
     * How an erased identifier is remembered: a SHA-256 digest, so that the tombstone that stops a replay from
     * bringing a customer back does not keep the identifier itself.
     */
    public static String digest(String identifier) {
        return DigestUtils.sha256Hex("tailor-erased:" + identifier);
    }
}
