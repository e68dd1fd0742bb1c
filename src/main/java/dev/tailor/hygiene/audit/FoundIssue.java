package dev.tailor.hygiene.audit;

import java.time.Instant;

/**
 * An issue as found, before it is stored: merged into the customer's open issue of the same kind and field, if any.
 *
 * @param field the trait or other customer the issue is about; empty when nothing more precise
 * @param times how many times it was seen since it was last stored (renders are counted in between flushes)
 * @param seenAt when it was last seen
 */
public record FoundIssue(
        String customerId,
        IssueKind kind,
        String field,
        String detail,
        IssueSource source,
        long times,
        Instant seenAt) {}
