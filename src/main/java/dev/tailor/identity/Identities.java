package dev.tailor.identity;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * Where identity resolution keeps its state in Redis. Every identifier (userId, anonymousId or e-mail address)
 * shares one namespace: {@code tailor:id:{identifier}} holds the customer it belongs to when that is not itself;
 * {@code tailor:c:{id}:ids} lists a customer's identifiers as {@code u:}, {@code a:} or {@code e:} and the value.
 */
public final class Identities {

    /** Erased identifiers: SHA-256 digest (see {@link #digest}) to the erasure time in epoch ms. */
    public static final String ERASED = "tailor:erased";
    /** Links and merges not yet recorded in PostgreSQL (see IdentityJournal). */
    static final String JOURNAL = "tailor:identity:journal";
    /** Pairs of customers an administrator separated, "a|b" both ways: never merged again automatically. */
    static final String UNMERGED = "tailor:identity:unmerged";

    private Identities() {}

    public static String linkKey(String identifier) {
        return "tailor:id:{" + identifier + "}";
    }

    static String identifiersKey(String customerId) {
        return "tailor:c:{" + customerId + "}:ids";
    }

    /**
     * How an erased identifier is remembered: a SHA-256 digest, so that the tombstone that stops a replay from
     * bringing a customer back does not keep the identifier itself.
     */
    public static String digest(String identifier) {
        return DigestUtils.sha256Hex("tailor-erased:" + identifier);
    }
}
