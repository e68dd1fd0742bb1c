package dev.tailor.facts;

import dev.tailor.events.CustomerKeys;
import dev.tailor.events.RedisKeys;
import dev.tailor.shared.redis.HashSlot;

/**
 * Where the tombstones of erased identifiers are kept: one hash per Redis Cluster slot,
 * {@code tailor:erased:{<slot tag>}}, each holding the digests ({@code IdentifierKeys.digest}) of the identifiers
 * whose keys as a customer live in that slot, with their erasure time (epoch ms). apply-event.lua reads a customer's
 * tombstone within the customer's slot; erasure writes them and identity reads them through these names. The hash is
 * named by a tag landing on the slot ({@link HashSlot#tagOf}), never by the identifier, which a tombstone must not
 * keep.
 */
public final class TombstoneKeys {

    private static final String PREFIX = RedisKeys.ROOT + "erased:{";

    private TombstoneKeys() {}

    /** The tombstones' hash that keeps {@code identifier}'s, if it was erased. */
    public static String of(String identifier) {
        return ofSlot(slotOf(identifier));
    }

    /** The tombstones' hash of one slot. */
    public static String ofSlot(int slot) {
        return PREFIX + HashSlot.tagOf(slot) + "}";
    }

    /** The slot whose tombstones' hash keeps {@code identifier}'s: that of its keys as a customer. */
    public static int slotOf(String identifier) {
        return HashSlot.of(CustomerKeys.of(identifier));
    }
}
