package dev.tailor.hygiene.audit;

import java.time.Instant;
import java.util.Map;

/**
 * What an audit found, as the audit API answers it.
 *
 * @param found issues found by kind (each customer, kind and field once)
 * @param resolved open audit issues not found again, so resolved
 * @param openDuplicateCandidates duplicate candidates listed by the duplicate store when the audit ran
 */
public record AuditReport(
        long id,
        Instant startedAt,
        Instant finishedAt,
        long customers,
        Map<String, Long> found,
        long resolved,
        long openDuplicateCandidates) {}
