package dev.tailor.rules;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The failed evaluations of each revision within a sliding window: answers a {@link RevisionFailing} once, when a
 * revision's failures reach the threshold.
 */
final class RevisionHealth {

    private record Failure(long atNanos, boolean overran) {}

    private final int threshold;
    private final Duration window;
    private final Map<Long, Deque<Failure>> failures = new ConcurrentHashMap<>();

    RevisionHealth(int threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    /** Notes a failure of {@code ruleSet}'s {@code revision}; answers the verdict when this one reached the threshold. */
    Optional<RevisionFailing> failed(String ruleSet, long revision, boolean overran, String what) {
        Deque<Failure> recent = failures.computeIfAbsent(revision, r -> new ArrayDeque<>());
        synchronized (recent) {
            long now = System.nanoTime();
            recent.addLast(new Failure(now, overran));
            while (!recent.isEmpty() && now - recent.peekFirst().atNanos() > window.toNanos()) {
                recent.removeFirst();
            }
            if (recent.size() != threshold) {
                return Optional.empty();
            }
            int overruns = (int) recent.stream().filter(Failure::overran).count();
            return Optional.of(new RevisionFailing(ruleSet, revision, overruns, recent.size() - overruns, what));
        }
    }

    /** Forgets a revision's failures (it came back into service). */
    void forget(long revision) {
        failures.remove(revision);
    }
}
