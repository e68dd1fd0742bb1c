package dev.tailor.decisions;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.ArrayList;
import java.util.List;

/**
 * One call of release-pending.lua (see its header), checked as the script checks it.
 *
 * @param pendingKey KEYS[1], the pending set
 * @param leaseEndMs ARGV[1], from 0 to the end of year 9999
 * @param customerIds ARGV[2..]
 */
record ReleasePendingCall(String pendingKey, long leaseEndMs, List<String> customerIds) implements ScriptCall {

    static final String SCRIPT = "release-pending.lua";

    ReleasePendingCall {
        ScriptArgumentException.epochMillis(SCRIPT, "lease end", leaseEndMs);
        customerIds = List.copyOf(customerIds);
    }

    @Override
    public List<String> keys() {
        return List.of(pendingKey);
    }

    @Override
    public List<String> args() {
        List<String> args = new ArrayList<>(customerIds.size() + 1);
        args.add(Long.toString(leaseEndMs));
        args.addAll(customerIds);
        return args;
    }
}
