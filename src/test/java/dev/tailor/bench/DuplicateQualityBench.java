package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.hygiene.CustomerRecord;
import dev.tailor.hygiene.DuplicateConfig;
import dev.tailor.hygiene.DuplicateFinder;
import dev.tailor.hygiene.DuplicateQuality;
import dev.tailor.hygiene.FebrlDataset;
import dev.tailor.hygiene.LookAlikes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Duplicate detection on the three Febrl sets: precision, recall and F1 over record pairs, how many true pairs
 * blocking lets through, how often synthetic relatives and namesakes are taken for duplicates, and the time for
 * 5,000 records, cold (first run in the JVM) and warm, next to the share of all pairs that blocking leaves to score.
 * Fails when the data is missing (-Dtailor.febrl.dir).
 */
@Tag("bench")
class DuplicateQualityBench {

    private static final List<String> SETS = List.of("dataset1.csv", "dataset2.csv", "dataset3.csv");
    private static final int WARM_RUNS = 7;

    @Test
    void febrlPrecisionRecallAndTime() {
        DuplicateFinder finder = DuplicateFinder.withDefaults();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("threshold", Double.parseDouble(DuplicateConfig.DEFAULT_THRESHOLD));
        figures.put("maxBlockSize", Integer.parseInt(DuplicateConfig.DEFAULT_MAX_BLOCK_SIZE));

        FebrlDataset five = FebrlDataset.load("dataset3.csv");
        long t0 = System.nanoTime();
        finder.find(five.records());
        long coldMs = (System.nanoTime() - t0) / 1_000_000;

        List<DuplicateQuality> qualities = new ArrayList<>();
        for (String set : SETS) {
            FebrlDataset data = FebrlDataset.load(set);
            DuplicateQuality q = DuplicateQuality.measure(data, finder);
            LookAlikes lookAlikes = LookAlikes.measure(data, finder);
            qualities.add(q);
            long allPairs = (long) q.records() * (q.records() - 1) / 2;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("records", q.records());
            f.put("truePairs", q.truePairs());
            f.put("candidatePairs", q.candidatePairs());
            f.put("candidateShareOfAllPairs", round(q.candidatePairs() / (double) allPairs, 6));
            f.put("blockingRecall", round(q.blockingRecall(), 4));
            f.put("reportedPairs", q.reportedPairs());
            f.put("truePositives", q.truePositives());
            f.put("precision", round(q.precision(), 4));
            f.put("recall", round(q.recall(), 4));
            f.put("f1", round(q.f1(), 4));
            f.put("millis", q.millis());
            f.put("relativesTakenForDuplicates", lookAlikes.relativesMatched() + " of " + lookAlikes.relatives());
            f.put("namesakesTakenForDuplicates", lookAlikes.namesakesMatched() + " of " + lookAlikes.namesakes());
            figures.put(set.replace(".csv", ""), f);
        }

        long[] warm = new long[WARM_RUNS];
        List<CustomerRecord> records = five.records();
        for (int i = 0; i < WARM_RUNS; i++) {
            long t = System.nanoTime();
            finder.find(records);
            warm[i] = (System.nanoTime() - t) / 1_000_000;
        }
        Arrays.sort(warm);
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("coldMillis", coldMs);
        time.put("warmMedianMillis", warm[WARM_RUNS / 2]);
        time.put("warmMaxMillis", warm[WARM_RUNS - 1]);
        figures.put("fiveThousandRecords", time);
        BenchResults.write("duplicates", figures);

        DuplicateQuality dataset3 = qualities.get(2);
        assertThat(dataset3.precision()).isGreaterThanOrEqualTo(0.95);
        assertThat(dataset3.recall()).isGreaterThanOrEqualTo(0.90);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
