package dev.tailor.hygiene.duplicates;

import java.time.Instant;

/**
 * What one duplicate run did.
 *
 * @param customers customers compared
 * @param found pairs scoring at least the threshold, rejected and merged ones included
 * @param added pairs listed for the first time
 * @param keptOut pairs found again that were rejected or merged before, so not listed
 * @param dropped open pairs of earlier runs not found any more (their evidence changed), no longer listed
 * @param open pairs listed now
 */
public record DuplicateRun(
        Instant startedAt, long millis, int customers, int found, int added, int keptOut, long dropped, long open) {}
