package dev.tailor.identity;

import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;

/**
 * One call of links-settled.lua (see its header), checked as the script checks it; every key is in the identifier's
 * slot.
 *
 * @param linkKey KEYS[1], the identifier's link
 * @param movedKey KEYS[2], its former owners still to be settled
 * @param identifiersKey KEYS[3], the identifiers set of the customer the identifier names
 * @param factsKey KEYS[4], that customer's facts hash
 * @param tombstonesKey KEYS[5], the tombstones of the slot
 * @param identifier ARGV[1], the identifier as kept in a set
 * @param digest ARGV[2], its erasure digest
 */
record LinksSettledCall(
        String linkKey,
        String movedKey,
        String identifiersKey,
        String factsKey,
        String tombstonesKey,
        String identifier,
        String digest)
        implements ScriptCall {

    static final String SCRIPT = "links-settled.lua";

    LinksSettledCall {
        ScriptArgumentException.nonEmpty(SCRIPT, "identifier", identifier);
    }

    /** The check of one identifier ("a:", "u:" or "e:" and its value). */
    static LinksSettledCall of(String value, String member) {
        return new LinksSettledCall(
                IdentifierKeys.linkKey(value),
                Identities.movedKey(value),
                Identities.identifiersKey(value),
                CustomerKeys.of(value),
                TombstoneKeys.of(value),
                member,
                IdentifierKeys.digest(value));
    }

    @Override
    public List<String> keys() {
        return List.of(linkKey, movedKey, identifiersKey, factsKey, tombstonesKey);
    }

    @Override
    public List<String> args() {
        return List.of(identifier, digest);
    }
}
