package dev.tailor.decisions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** A strong ETag over what a decision says: its segments, variables, revision and whether it is degraded. */
final class DecisionETag {

    private DecisionETag() {}

    static String of(Decision decision, String wording) {
        Map<String, Object> variables = new TreeMap<>(decision.variables());
        String content = decision.customerId() + "|" + decision.segments() + "|" + variables + "|"
                + decision.ruleSet().name() + "|" + decision.ruleSet().revision() + "|" + decision.degraded() + "|"
                + (decision.explanation() != null) + "|" + wording;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 12))
                    + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
