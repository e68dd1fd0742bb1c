package dev.tailor.identity;

import dev.tailor.events.IdentifierKeys;
import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One call of list-identifier.lua (see its header), checked as the script checks it; every key is in the customer's
 * slot.
 *
 * @param identifiersKey KEYS[1], the customer's identifiers set
 * @param customerLinkKey KEYS[2], the customer id's own link (present when it was merged into another)
 * @param journalKey KEYS[3], the identity journal of the customer's slot
 * @param identifier ARGV[1], "a:", "u:" or "e:" and a value
 * @param journalEntry ARGV[2], "" for none
 * @param listing ARGV[3], whether to list it ("1") or take it off ("0")
 */
record ListIdentifierCall(
        String identifiersKey,
        String customerLinkKey,
        String journalKey,
        String identifier,
        String journalEntry,
        boolean listing)
        implements ScriptCall {

    static final String SCRIPT = "list-identifier.lua";

    static final Pattern IDENTIFIER = Pattern.compile("[aue]:.+", Pattern.DOTALL);

    ListIdentifierCall {
        if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
            throw new ScriptArgumentException(SCRIPT + ": identifier must be \"a:\", \"u:\" or \"e:\" and a value");
        }
        if (journalEntry == null) {
            throw new ScriptArgumentException(SCRIPT + ": the journal entry is text");
        }
    }

    /** Lists {@code identifier} among {@code customer}'s identifiers. */
    static ListIdentifierCall of(String customer, String identifier, String journalEntry) {
        return of(customer, identifier, journalEntry, true);
    }

    /** Takes {@code identifier} off {@code customer}'s identifiers, unless the customer was merged away. */
    static ListIdentifierCall off(String customer, String identifier) {
        return of(customer, identifier, "", false);
    }

    private static ListIdentifierCall of(String customer, String identifier, String journalEntry, boolean listing) {
        String identifiers = Identities.identifiersKey(customer);
        return new ListIdentifierCall(
                identifiers,
                IdentifierKeys.linkKey(customer),
                Identities.journalKey(identifiers),
                identifier,
                journalEntry,
                listing);
    }

    @Override
    public List<String> keys() {
        return List.of(identifiersKey, customerLinkKey, journalKey);
    }

    @Override
    public List<String> args() {
        return List.of(identifier, journalEntry, listing ? "1" : "0");
    }
}
