package dev.tailor.facts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What data-quality audits look at in one customer's facts: every trait as stored, whatever the rule sets declare,
 * and how busy the customer has been.
 *
 * @param traits the traits as last identified (including {@code <trait>_raw} values normalisation kept aside)
 * @param eventsLastHour occurrences of windowed events in the last hour (to the hour: the current and previous
 *     hourly buckets); events declared without a window are not bucketed and not counted here
 * @param eventsEver every event applied to the customer (track and identify calls alike)
 * @param firstSeen the earliest occurrence of any declared event, or null when none
 * @param unreadableFields stored fields whose content could not be decoded (left out of the above)
 */
public record CustomerProfile(
        String id,
        Map<String, Object> traits,
        long eventsLastHour,
        long eventsEver,
        Instant firstSeen,
        List<String> unreadableFields) {}
