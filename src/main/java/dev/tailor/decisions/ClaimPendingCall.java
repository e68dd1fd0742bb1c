package dev.tailor.decisions;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;

/**
 * One call of claim-pending.lua (see its header), checked as the script checks it.
 *
 * @param pendingKey KEYS[1], the pending set
 * @param nowMs ARGV[1], from 0 to the end of year 9999
 * @param leaseEndMs ARGV[2], likewise
 * @param limit ARGV[3], how many at most: from 1 to {@value #MAX_LIMIT}
 */
record ClaimPendingCall(String pendingKey, long nowMs, long leaseEndMs, int limit) implements ScriptCall {

    static final String SCRIPT = "claim-pending.lua";
    static final int MAX_LIMIT = 100_000;

    ClaimPendingCall {
        ScriptArgumentException.epochMillis(SCRIPT, "now", nowMs);
        ScriptArgumentException.epochMillis(SCRIPT, "lease end", leaseEndMs);
        ScriptArgumentException.whole(SCRIPT, "limit", limit, 1, MAX_LIMIT);
    }

    @Override
    public List<String> keys() {
        return List.of(pendingKey);
    }

    @Override
    public List<String> args() {
        return List.of(Long.toString(nowMs), Long.toString(leaseEndMs), Integer.toString(limit));
    }
}
