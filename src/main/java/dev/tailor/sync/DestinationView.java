package dev.tailor.sync;

import java.util.List;

/**
 * A destination as the render path and the dispatcher use it (and as the admin API shows it, without its secret).
 *
 * @param ruleSet the rule set whose segment changes it receives; null for all
 */
public record DestinationView(
        String name,
        String url,
        String signingSecret,
        String ruleSet,
        int maxPerSecond,
        int batchSize,
        List<FieldMapping> mapping) {

    public boolean receivesWebhooks() {
        return url != null && !url.isBlank();
    }

    public boolean receives(String changeRuleSet) {
        return receivesWebhooks() && (ruleSet == null || ruleSet.equals(changeRuleSet));
    }

    /** What the admin API shows: the secret is never sent back. */
    public DestinationView withoutSecret() {
        return new DestinationView(
                name, url, signingSecret == null ? null : "********", ruleSet, maxPerSecond, batchSize, mapping);
    }
}
