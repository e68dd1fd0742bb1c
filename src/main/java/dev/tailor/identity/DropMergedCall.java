package dev.tailor.identity;

import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.FactsStore;
import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;

/**
 * One call of drop-merged.lua (see its header), checked as the script checks it; every key is in the merged
 * customer's slot.
 *
 * @param linkKey KEYS[1], the merged id's own link
 * @param factsKey KEYS[2], its facts hash
 * @param appliedKey KEYS[3], its applied messageIds
 * @param identifiersKey KEYS[4], its identifiers set
 * @param survivorId ARGV[1], not empty
 */
record DropMergedCall(String linkKey, String factsKey, String appliedKey, String identifiersKey, String survivorId)
        implements ScriptCall {

    static final String SCRIPT = "drop-merged.lua";

    DropMergedCall {
        ScriptArgumentException.nonEmpty(SCRIPT, "survivor id", survivorId);
    }

    static DropMergedCall of(String merged, String survivor) {
        return new DropMergedCall(
                IdentifierKeys.linkKey(merged),
                FactsStore.factsKey(merged),
                FactsStore.appliedKey(merged),
                Identities.identifiersKey(merged),
                survivor);
    }

    @Override
    public List<String> keys() {
        return List.of(linkKey, factsKey, appliedKey, identifiersKey);
    }

    @Override
    public List<String> args() {
        return List.of(survivorId);
    }
}
