package dev.tailor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.ingest.CustomerEvent;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleEngine;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How one customer's evaluation time grows with the size of the rule set: 10, 100 and 500 generated rules over the
 * sample facts, each a realistic mix of windowed counts, sums, recency and traits. Reports the mean time of a
 * render-time evaluation and of evaluation plus next-change search, after warm-up, in one run.
 */
@QuarkusTest
@Tag("bench")
class RuleEvaluationBench {

    private static final Duration MEASURE = Duration.ofSeconds(3);

    @Inject
    RuleCompiler compiler;

    @Inject
    RuleEngine engine;

    @Inject
    FactsStore facts;

    @Test
    void evaluationTimeBySize() throws Exception {
        Customer customer = realisticCustomer();
        Map<String, Object> figures = new LinkedHashMap<>();
        for (int size : List.of(10, 100, 500)) {
            long compileStart = System.nanoTime();
            CompiledRuleSet rules = compiler.compile(GeneratedRules.ruleSet("bench" + size, size));
            long compileMs = (System.nanoTime() - compileStart) / 1_000_000;
            Evaluation sample = engine.evaluate(rules, customer);
            double evaluateUs = meanMicros(() -> engine.evaluate(rules, customer));
            double withNextChangeUs = meanMicros(() -> engine.nextChange(rules, customer, engine.evaluate(rules, customer)));
            figures.put("rules" + size, Map.of("compileMs", compileMs, "evaluateMicros", round(evaluateUs),
                    "evaluateWithNextChangeMicros", round(withNextChangeUs), "segments", sample.segments().size()));
            assertThat(sample.segments()).isNotEmpty();
        }
        BenchResults.write("rule-evaluation", figures);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double meanMicros(Runnable work) {
        long warmUntil = System.nanoTime() + MEASURE.toNanos() / 2;
        while (System.nanoTime() < warmUntil) {
            work.run();
        }
        long runs = 0;
        long start = System.nanoTime();
        long end = start + MEASURE.toNanos();
        long now;
        do {
            work.run();
            runs++;
            now = System.nanoTime();
        } while (now < end);
        return (now - start) / 1000.0 / runs;
    }

    /** A shopper with a month of browsing, a cart, two orders and opens, read back from the real Redis. */
    private Customer realisticCustomer() {
        String id = "bench-eval-" + UUID.randomUUID();
        Instant now = Instant.now();
        String[] categories = {"shoes", "bags", "hats"};
        for (int i = 0; i < 60; i++) {
            apply(id, "Product Viewed", now.minus(Duration.ofHours(11L * i + 1)), Map.of("category", categories[i % 3]));
        }
        apply(id, "Product Added", now.minus(Duration.ofHours(3)), Map.of());
        apply(id, "Order Completed", now.minus(Duration.ofDays(20)), Map.of("revenue", 120, "category", "shoes"));
        apply(id, "Order Completed", now.minus(Duration.ofDays(200)), Map.of("revenue", 480, "category", "bags"));
        for (int i = 0; i < 12; i++) {
            apply(id, "Email Opened", now.minus(Duration.ofDays(5L * i + 1)), Map.of());
        }
        return facts.read(id, now).await().atMost(Duration.ofSeconds(5));
    }

    private void apply(String id, String event, Instant at, Map<String, Object> properties) {
        facts.apply(new CustomerEvent("track", UUID.randomUUID().toString(), id, id, null, null, event, properties,
                Map.of(), at, at)).await().atMost(Duration.ofSeconds(5));
    }
}
