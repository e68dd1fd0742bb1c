package dev.tailor.decisions;

import java.util.List;

/** {@code POST /v1/decisions}: decisions for up to {@code tailor.decisions.batch-limit} customers at once. */
public record BatchDecisionRequest(List<String> customerIds, String ruleSet) {}
