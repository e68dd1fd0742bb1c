package dev.tailor.identity;

import dev.tailor.events.IdentifierKeys;
import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of link-identifier.lua (see its header), checked as the script checks it; every key is in the
 * identifier's slot.
 *
 * @param linkKey KEYS[1], the identifier's link
 * @param movedKey KEYS[2], its former owners still to be settled
 * @param journalKey KEYS[3], the identity journal of the identifier's slot
 * @param expected ARGV[1], the owner read ("" for none)
 * @param owner ARGV[2], the new owner ("" removes the link)
 * @param journalEntry ARGV[3], "" for none
 * @param settled from ARGV[4], former owners the identifier was removed from, forgotten when the link is unchanged
 */
record LinkIdentifierCall(
        String linkKey,
        String movedKey,
        String journalKey,
        String expected,
        String owner,
        String journalEntry,
        List<String> settled)
        implements ScriptCall {

    static final String SCRIPT = "link-identifier.lua";

    LinkIdentifierCall {
        if (expected == null || owner == null || journalEntry == null) {
            throw new ScriptArgumentException(SCRIPT + ": the owner read, the new owner and the entry are text");
        }
        settled = List.copyOf(settled);
        if (!settled.isEmpty() && !expected.equals(owner)) {
            throw new ScriptArgumentException(
                    SCRIPT + ": former owners are forgotten only by a call that moves nothing");
        }
    }

    /** Moves the link from the owner read to another, forgetting no former owner. */
    static LinkIdentifierCall move(String identifier, String expected, String owner, String journalEntry) {
        return of(identifier, expected, owner, journalEntry, List.of());
    }

    /**
     * Forgets former owners of an identifier (and the mark that its owner may not list it yet) if its link still
     * names the owner read.
     */
    static LinkIdentifierCall settled(String identifier, String owner, List<String> formers) {
        List<String> forgotten = new ArrayList<>(formers);
        forgotten.add("");
        return of(identifier, owner, owner, "", forgotten);
    }

    private static LinkIdentifierCall of(
            String identifier, String expected, String owner, String journalEntry, List<String> settled) {
        String link = IdentifierKeys.linkKey(identifier);
        return new LinkIdentifierCall(
                link,
                Identities.movedKey(identifier),
                Identities.journalKey(link),
                expected,
                owner,
                journalEntry,
                settled);
    }

    @Override
    public List<String> keys() {
        return List.of(linkKey, movedKey, journalKey);
    }

    @Override
    public List<String> args() {
        List<String> args = new ArrayList<>(List.of(expected, owner, journalEntry));
        args.addAll(settled);
        return args;
    }
}
