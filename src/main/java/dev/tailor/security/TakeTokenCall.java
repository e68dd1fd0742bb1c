package dev.tailor.security;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;

/**
 * One call of take-token.lua (see its header), checked as the script checks it.
 *
 * @param bucketKey KEYS[1], the token bucket
 * @param ratePerSecond ARGV[1], tokens gained a second: from 1 to 2^31 - 1
 * @param nowMs ARGV[2], from 0 to the end of year 9999
 * @param burst ARGV[3], how many tokens the bucket holds: from 1 to 2^31 - 1
 */
record TakeTokenCall(String bucketKey, long ratePerSecond, long nowMs, long burst) implements ScriptCall {

    static final String SCRIPT = "take-token.lua";

    TakeTokenCall {
        ScriptArgumentException.whole(SCRIPT, "rate per second", ratePerSecond, 1, Integer.MAX_VALUE);
        ScriptArgumentException.epochMillis(SCRIPT, "now", nowMs);
        ScriptArgumentException.whole(SCRIPT, "burst", burst, 1, Integer.MAX_VALUE);
    }

    @Override
    public List<String> keys() {
        return List.of(bucketKey);
    }

    @Override
    public List<String> args() {
        return List.of(Long.toString(ratePerSecond), Long.toString(nowMs), Long.toString(burst));
    }
}
