package dev.tailor.decisions;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;

/**
 * One call of claim-due.lua (see its header), checked as the script checks it.
 *
 * @param dueKey KEYS[1], the due-time index
 * @param claimsKey KEYS[2], the claims
 * @param nowMs ARGV[1], from 0 to the end of year 9999
 * @param leaseEndMs ARGV[2], likewise
 * @param limit ARGV[3], how many at most: from 1 to {@value ClaimPendingCall#MAX_LIMIT}
 */
record ClaimDueCall(String dueKey, String claimsKey, long nowMs, long leaseEndMs, int limit) implements ScriptCall {

    static final String SCRIPT = "claim-due.lua";

    ClaimDueCall {
        ScriptArgumentException.epochMillis(SCRIPT, "now", nowMs);
        ScriptArgumentException.epochMillis(SCRIPT, "lease end", leaseEndMs);
        ScriptArgumentException.whole(SCRIPT, "limit", limit, 1, ClaimPendingCall.MAX_LIMIT);
    }

    @Override
    public List<String> keys() {
        return List.of(dueKey, claimsKey);
    }

    @Override
    public List<String> args() {
        return List.of(Long.toString(nowMs), Long.toString(leaseEndMs), Integer.toString(limit));
    }
}
