package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.decisions.DecisionService;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.revisions.RuleSetContent;
import dev.tailor.rules.revisions.RuleSetService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What activating a 500-rule revision costs: the compile, the swap, and the decisions served meanwhile, next to
 * decisions served with no activation in the same run.
 */
@QuarkusTest
@Tag("bench")
class ActivationBench {

    private static final Duration WINDOW = Duration.ofSeconds(4);

    @Inject
    RuleSetService ruleSets;

    @Inject
    DecisionService decisions;

    @Test
    void compileSwapAndDecisionsDuringASwap() throws Exception {
        String name = "bench_swap_" + UUID.randomUUID().toString().substring(0, 6);
        RuleSetSource first = GeneratedRules.ruleSet(name, 500);
        RuleSetSource second = RuleSetSource.fromFiles(name, withExtraRule(first));

        long t0 = System.nanoTime();
        long v1 = ruleSets.store(RuleSetContent.of(first), "bench", "500 rules").revision().id;
        long storeMs = (System.nanoTime() - t0) / 1_000_000;
        ruleSets.activate(name, v1, "bench", "first");
        long v2 = ruleSets.store(RuleSetContent.of(second), "bench", "500 rules and one")
                .revision()
                .id;

        List<Long> quiet = measure(name, () -> {});
        long t1 = System.nanoTime();
        ruleSets.activate(name, v2, "bench", "swap to an uncompiled revision");
        long firstActivationMs = (System.nanoTime() - t1) / 1_000_000;
        long t2 = System.nanoTime();
        ruleSets.activate(name, v1, "bench", "swap back (compiled, cached)");
        long cachedSwapMs = (System.nanoTime() - t2) / 1_000_000;
        List<Long> swapping = measure(name, () -> {
            ruleSets.activate(name, v2, "bench", "flip");
            ruleSets.activate(name, v1, "bench", "flop");
        });

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rules", 500);
        figures.put("storeWithCompileMs", storeMs);
        figures.put("activateUncompiledMs", firstActivationMs);
        figures.put("activateCachedMs", cachedSwapMs);
        figures.put("decisionsQuiet", summary(quiet));
        figures.put("decisionsDuringSwaps", summary(swapping));
        BenchResults.write("activation", figures);
        assertThat(quiet).isNotEmpty();
        assertThat(swapping).isNotEmpty();
    }

    private static Map<String, byte[]> withExtraRule(RuleSetSource source) {
        Map<String, byte[]> files = new LinkedHashMap<>(source.files());
        files.put("extra.drl", """
                package tailor.bench;
                import dev.tailor.rules.Segment;
                import dev.tailor.facts.Customer;
                rule "Extra" when Customer() then insert(Segment.marketing("extra")); end
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return files;
    }

    /** Decision latencies (microseconds, in process) for {@link #WINDOW} while {@code meanwhile} repeats. */
    private List<Long> measure(String ruleSet, Runnable meanwhile) throws InterruptedException {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread client = new Thread(() -> {
            while (running.get()) {
                long start = System.nanoTime();
                try {
                    decisions.decide("bench-swap", ruleSet, false, null).await().atMost(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    failures.add(500);
                }
                latencies.add((System.nanoTime() - start) / 1000);
            }
        });
        client.start();
        long end = System.nanoTime() + WINDOW.toNanos();
        while (System.nanoTime() < end) {
            meanwhile.run();
            Thread.sleep(10);
        }
        running.set(false);
        client.join();
        assertThat(failures).isEmpty();
        return latencies;
    }

    private static Map<String, Object> summary(List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("requests", sorted.size());
        summary.put("p50Micros", sorted.get(sorted.size() / 2));
        summary.put("p99Micros", sorted.get((int) (sorted.size() * 0.99)));
        summary.put("maxMicros", sorted.get(sorted.size() - 1));
        return summary;
    }
}
