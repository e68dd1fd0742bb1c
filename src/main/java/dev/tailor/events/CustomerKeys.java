package dev.tailor.events;

/**
 * The per-customer Redis namespace: every key about one customer starts with {@code tailor:c:{id}}, whose hash tag
 * keeps them in one Redis Cluster slot. Facts keep the customer's hash under the name itself; other features hang
 * their keys off it (identity its identifiers, decisions their render pins). The namespace is what erasure deletes,
 * so a key a feature adds under it is erased with the customer without erasure knowing of it.
 */
public final class CustomerKeys {

    /**
     * What every customer's namespace starts with, before the customer's id and the closing brace of its hash tag.
     * Scripts that find a customer's id in Redis (the one an identifier was merged into) are given it, so that they
     * build that customer's keys as {@link #of} does.
     */
    public static final String PREFIX = RedisKeys.ROOT + "c:{";

    private CustomerKeys() {}

    /** The namespace of {@code customerId}, the name of its facts hash. */
    public static String of(String customerId) {
        return PREFIX + customerId + "}";
    }

    /** A SCAN pattern matching every key of the customer's namespace and nothing else. */
    public static String pattern(String customerId) {
        // Redis's glob characters escaped, so that an id holding them matches only itself.
        return of(customerId).replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
    }
}
