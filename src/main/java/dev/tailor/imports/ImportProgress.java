package dev.tailor.imports;

import java.util.ArrayList;
import java.util.List;

/** The counters of one running import, kept by its worker and recorded after every batch. */
final class ImportProgress {

    private final int maxListed;
    private final List<Refusal> refusals = new ArrayList<>();
    private long linesRead;
    private long imported;
    private long refused;
    private long merged;
    private long line;

    ImportProgress(int maxListed) {
        this.maxListed = maxListed;
    }

    void read(long atLine) {
        linesRead++;
        line = atLine;
    }

    void published(long calls, long refusedCalls, long mergedCalls) {
        imported += calls;
        refused += refusedCalls;
        merged += mergedCalls;
    }

    void refusal(Refusal refusal) {
        if (refusals.size() < maxListed) {
            refusals.add(refusal);
        }
    }

    long linesRead() {
        return linesRead;
    }

    long imported() {
        return imported;
    }

    long refused() {
        return refused;
    }

    long merged() {
        return merged;
    }

    /** The line read last: where a failed import stopped. */
    long line() {
        return line;
    }

    List<Refusal> refusals() {
        return List.copyOf(refusals);
    }
}
