package dev.tailor.decisions;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;

/**
 * One call of hold-lease.lua (see its header), checked as the script checks it.
 *
 * @param leaseKey KEYS[1], the shard's lease
 * @param node ARGV[1], the node's id, not empty
 * @param hold ARGV[2], {@code hold} when true, else {@code drop}
 * @param lengthMs ARGV[3], from 1 to {@value #MAX_LENGTH_MS}
 */
record HoldLeaseCall(String leaseKey, String node, boolean hold, long lengthMs) implements ScriptCall {

    static final String SCRIPT = "hold-lease.lua";
    static final long MAX_LENGTH_MS = 86_400_000;

    HoldLeaseCall {
        ScriptArgumentException.nonEmpty(SCRIPT, "node", node);
        ScriptArgumentException.whole(SCRIPT, "lease length", lengthMs, 1, MAX_LENGTH_MS);
    }

    @Override
    public List<String> keys() {
        return List.of(leaseKey);
    }

    @Override
    public List<String> args() {
        return List.of(node, hold ? "hold" : "drop", Long.toString(lengthMs));
    }
}
