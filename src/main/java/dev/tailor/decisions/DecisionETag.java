package dev.tailor.decisions;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

/** A strong ETag over what a decision says: its segments, variables, revision and whether it is degraded. */
final class DecisionETag {

    private DecisionETag() {}

    static String of(Decision decision, String wording) {
        Map<String, Object> variables = new TreeMap<>(decision.variables());
        String content = decision.customerId() + "|" + decision.segments() + "|" + variables + "|"
                + decision.ruleSet().name() + "|" + decision.ruleSet().revision() + "|" + decision.degraded() + "|"
                + (decision.explanation() != null) + "|" + wording;
        return "\"" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOf(DigestUtils.sha256(content), 12)) + "\"";
    }
}
