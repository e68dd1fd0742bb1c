package dev.tailor.facts;

import java.time.Instant;
import java.util.NavigableMap;

/**
 * What Tailor keeps about one event name for one customer.
 *
 * @param count occurrences ever counted
 * @param first earliest event time seen
 * @param last latest event time seen
 * @param hourlyCounts occurrences per hour since the epoch, for the hours still kept (see {@link FactsConfig})
 */
public record EventStats(long count, Instant first, Instant last, NavigableMap<Long, Long> hourlyCounts) {}
