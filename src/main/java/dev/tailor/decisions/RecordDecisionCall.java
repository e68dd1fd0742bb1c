package dev.tailor.decisions;

import dev.tailor.shared.redis.ScriptArgumentException;
import dev.tailor.shared.redis.ScriptCall;
import java.util.List;

/**
 * One call of record-decision.lua (see its header), checked as the script checks it.
 *
 * @param factsKey KEYS[1], the customer's facts hash
 * @param factsVersion ARGV[1], from 0 to 2^53 (sent in base 36)
 * @param atMs ARGV[2], the moment the decision was made for: from 0 to the end of year 9999 (sent in base 36)
 * @param segmentCodes ARGV[3], one per line: each segment's code ({@link SegmentCodes})
 * @param ruleSet ARGV[4], not empty
 */
record RecordDecisionCall(String factsKey, long factsVersion, long atMs, List<String> segmentCodes, String ruleSet)
        implements ScriptCall {

    static final String SCRIPT = "record-decision.lua";

    RecordDecisionCall {
        ScriptArgumentException.whole(SCRIPT, "facts version", factsVersion, 0, 1L << 53);
        ScriptArgumentException.epochMillis(SCRIPT, "moment", atMs);
        segmentCodes = List.copyOf(segmentCodes);
        ScriptArgumentException.nonEmpty(SCRIPT, "rule set", ruleSet);
    }

    @Override
    public List<String> keys() {
        return List.of(factsKey);
    }

    @Override
    public List<String> args() {
        return List.of(
                Long.toString(factsVersion, 36), Long.toString(atMs, 36), String.join("\n", segmentCodes), ruleSet);
    }
}
