package dev.tailor.hygiene;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How well the duplicate finder does on a Febrl set, over record pairs: a pair is a true match when both records come
 * from one original (rec-N-org and its rec-N-dup-K), and every pair among the records of one original counts.
 *
 * @param candidatePairs how many pairs blocking let through to the scorer
 * @param blockingRecall the share of true pairs among the candidates: the recall no threshold can exceed
 * @param millis the finder's wall time, records in, pairs out
 */
public record DuplicateQuality(
        String dataset,
        int records,
        long truePairs,
        int candidatePairs,
        double blockingRecall,
        int reportedPairs,
        long truePositives,
        double precision,
        double recall,
        double f1,
        long millis) {

    public static DuplicateQuality measure(FebrlDataset data, DuplicateFinder finder) {
        Map<String, String> entityOf = new HashMap<>();
        Map<String, Integer> clusterSizes = new HashMap<>();
        for (int i = 0; i < data.records().size(); i++) {
            entityOf.put(data.records().get(i).id(), data.entities().get(i));
            clusterSizes.merge(data.entities().get(i), 1, Integer::sum);
        }
        long truePairs = clusterSizes.values().stream()
                .mapToLong(n -> (long) n * (n - 1) / 2)
                .sum();

        long start = System.nanoTime();
        List<DuplicatePair> found = finder.find(data.records());
        long millis = (System.nanoTime() - start) / 1_000_000;

        long truePositives = found.stream()
                .filter(p -> entityOf.get(p.a()).equals(entityOf.get(p.b())))
                .count();
        long[] candidates = finder.blocking()
                .candidates(data.records().stream().map(NormalizedRecord::of).toList());
        long trueCandidates = 0;
        for (long pair : candidates) {
            if (data.entities().get((int) (pair >>> 32)).equals(data.entities().get((int) pair))) {
                trueCandidates++;
            }
        }
        double precision = found.isEmpty() ? 0 : (double) truePositives / found.size();
        double recall = truePairs == 0 ? 0 : (double) truePositives / truePairs;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new DuplicateQuality(
                data.name(),
                data.records().size(),
                truePairs,
                candidates.length,
                truePairs == 0 ? 0 : (double) trueCandidates / truePairs,
                found.size(),
                truePositives,
                precision,
                recall,
                f1,
                millis);
    }
}
