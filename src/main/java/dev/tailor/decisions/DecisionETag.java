package dev.tailor.decisions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.MurmurHash3;

/**
 * A strong ETag over what a decision says: its segments, variables, revision and whether it is degraded. It must
 * be stable across nodes and restarts, not secret: a 128-bit MurmurHash3 does, at a fraction of SHA-256's cost
 * (which, with its provider lookup, showed in the render profile).
 */
final class DecisionETag {

    private DecisionETag() {}

    static String of(Decision decision, String wording) {
        StringBuilder content =
                new StringBuilder(256).append(decision.customerId()).append('|');
        // Spelled out rather than by the records' toString, which goes through a generic bootstrap per call.
        for (Decision.SegmentMembership segment : decision.segments()) {
            content.append(segment.name())
                    .append(',')
                    .append(segment.kind())
                    .append(',')
                    .append(segment.group())
                    .append(',')
                    .append(segment.priority())
                    .append(';');
        }
        Map<String, Object> variables =
                decision.variables().size() > 1 ? new TreeMap<>(decision.variables()) : decision.variables();
        content.append('|')
                .append(variables)
                .append('|')
                .append(decision.ruleSet().name())
                .append('|')
                .append(decision.ruleSet().revision())
                .append('|')
                .append(decision.degraded())
                .append('|')
                .append(decision.explanation() != null)
                .append('|')
                .append(wording);
        long[] hash = MurmurHash3.hash128x64(content.toString().getBytes(StandardCharsets.UTF_8));
        byte[] bytes = ByteBuffer.allocate(16).putLong(hash[0]).putLong(hash[1]).array();
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\"";
    }
}
