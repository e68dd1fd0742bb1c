package dev.tailor.facts;

import java.time.Instant;

/**
 * What Tailor keeps for good about one tracked event of one customer.
 *
 * @param count occurrences ever counted
 * @param first earliest event time seen, to the millisecond
 * @param last latest event time seen, to the millisecond
 */
public record EventStats(long count, Instant first, Instant last) {}
