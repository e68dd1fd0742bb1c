package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.facts.Customer;
import dev.tailor.facts.VariedShoppers;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.PlainEngine;
import dev.tailor.rules.RuleEngine;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Evaluations per second of the sample rule set on one revision, from 1 and from 4 callers at once (the engine has 4
 * evaluation threads), with every evaluation of the revision serialised by a lock the callers share (as the engine
 * did before evaluations of one revision ran side by side) and without. Writes bench/results/parallel-evaluation.json.
 */
@Tag("bench")
class ParallelEvaluationBench {

    private static final Instant NOW = Instant.parse("2026-11-28T12:30:00Z");
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration MEASURE = Duration.ofSeconds(5);
    private static final int CUSTOMERS = 200;

    @Test
    void evaluationsPerSecondLockedAndInParallel() throws Exception {
        CompiledRuleSet rules = PlainEngine.sampleRules();
        RuleEngine engine = PlainEngine.withThreads(4, failing -> {});
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(VariedShoppers.customer(i, NOW, rules.facts()));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put(
                "loadAverageBefore",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            for (int callers : new int[] {1, 4}) {
                for (boolean locked : new boolean[] {true, false}) {
                    figures.put(
                            (locked ? "locked" : "parallel") + callers + "PerSecond",
                            perSecond(engine, rules, customers, callers, locked));
                }
            }
        } finally {
            PlainEngine.stop(engine);
        }
        figures.put(
                "loadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        BenchResults.write("parallel-evaluation", figures);
        assertThat((long) figures.get("parallel4PerSecond")).isPositive();
    }

    /** Evaluations answered per second by {@code callers} threads evaluating the customers in turn, after a warm-up. */
    private static long perSecond(
            RuleEngine engine, CompiledRuleSet rules, List<Customer> customers, int callers, boolean locked)
            throws Exception {
        run(engine, rules, customers, callers, locked, WARM_UP);
        return run(engine, rules, customers, callers, locked, MEASURE) * 1000 / MEASURE.toMillis();
    }

    private static long run(
            RuleEngine engine,
            CompiledRuleSet rules,
            List<Customer> customers,
            int callers,
            boolean locked,
            Duration length)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        long end = System.nanoTime() + length.toNanos();
        List<Future<Long>> counts = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int first = c;
            counts.add(threads.submit(() -> {
                long done = 0;
                for (int i = first; System.nanoTime() < end; i++) {
                    Customer customer = customers.get(i % customers.size());
                    if (locked) {
                        synchronized (rules) {
                            engine.evaluate(rules, customer);
                        }
                    } else {
                        engine.evaluate(rules, customer);
                    }
                    done++;
                }
                return done;
            }));
        }
        long total = 0;
        for (Future<Long> count : counts) {
            total += count.get();
        }
        threads.shutdown();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        return total;
    }
}
