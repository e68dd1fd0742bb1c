package dev.tailor.identity;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of links-settled.lua (see its header), checked as the script checks it.
 *
 * @param erasedKey KEYS[1], the erased identifiers
 * @param customerLinkKey KEYS[2], the link of the customer id
 * @param ownLinkKey KEYS[3], the link of the call's own identifier
 * @param ownIdentifiersKey KEYS[4], the own identifier's identifiers set
 * @param receivedMs ARGV[1], when the call was received: from 0 to the end of year 9999
 * @param ownDigest ARGV[2], the own identifier's erasure digest
 * @param ownIdentifier ARGV[3], the own identifier as kept in a set
 * @param customerId ARGV[4]
 * @param others per other identifier of the call, KEYS[5..] and ARGV[5..] two by two
 */
record LinksSettledCall(
        String erasedKey,
        String customerLinkKey,
        String ownLinkKey,
        String ownIdentifiersKey,
        long receivedMs,
        String ownDigest,
        String ownIdentifier,
        String customerId,
        List<Other> others)
        implements ScriptCall {

    static final String SCRIPT = "links-settled.lua";

    LinksSettledCall {
        ScriptArgumentException.epochMillis(SCRIPT, "received", receivedMs);
        others = List.copyOf(others);
    }

    /**
     * Another identifier of the call: its link and its facts hash (whether it has a profile of its own), its erasure
     * digest and its value.
     */
    record Other(String linkKey, String factsKey, String digest, String value) {}

    @Override
    public List<String> keys() {
        List<String> keys = new ArrayList<>(List.of(erasedKey, customerLinkKey, ownLinkKey, ownIdentifiersKey));
        for (Other other : others) {
            keys.add(other.linkKey());
            keys.add(other.factsKey());
        }
        return keys;
    }

    @Override
    public List<String> args() {
        List<String> args = new ArrayList<>(List.of(Long.toString(receivedMs), ownDigest, ownIdentifier, customerId));
        for (Other other : others) {
            args.add(other.digest());
            args.add(other.value());
        }
        return args;
    }
}
