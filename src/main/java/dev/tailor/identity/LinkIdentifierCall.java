package dev.tailor.identity;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One call of link-identifier.lua (see its header), checked as the script checks it.
 *
 * @param linkKey KEYS[1], the identifier's link
 * @param identifiersKey KEYS[2], the customer's identifiers set
 * @param previousIdentifiersKey KEYS[3], the identifiers set of the customer it linked to before (or KEYS[2])
 * @param journalKey KEYS[4], the identity journal
 * @param customerLinkKey KEYS[5], the customer id's own link (present when it was merged into another meanwhile)
 * @param customerId ARGV[1], not empty
 * @param identifier ARGV[2], the identifier as kept in the set: "a:", "u:" or "e:" and a value
 * @param journalEntry ARGV[3]
 */
record LinkIdentifierCall(
        String linkKey,
        String identifiersKey,
        String previousIdentifiersKey,
        String journalKey,
        String customerLinkKey,
        String customerId,
        String identifier,
        String journalEntry)
        implements ScriptCall {

    static final String SCRIPT = "link-identifier.lua";

    private static final Pattern IDENTIFIER = Pattern.compile("[aue]:.+", Pattern.DOTALL);

    LinkIdentifierCall {
        ScriptArgumentException.nonEmpty(SCRIPT, "customer id", customerId);
        if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
            throw new ScriptArgumentException(SCRIPT + ": identifier must be \"a:\", \"u:\" or \"e:\" and a value");
        }
    }

    @Override
    public List<String> keys() {
        return List.of(linkKey, identifiersKey, previousIdentifiersKey, journalKey, customerLinkKey);
    }

    @Override
    public List<String> args() {
        return List.of(customerId, identifier, journalEntry);
    }
}
