package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.facts.Customer;
import dev.tailor.facts.VariedShoppers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evaluations of one revision run side by side on every evaluation thread, and each answers exactly what it answers
 * alone: many different customers evaluated at once against one compiled sample rule set throw nothing and get the
 * outcome a one-at-a-time evaluation of the same customer gets.
 */
class ParallelEvaluationTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:30:00Z");
    private static final int THREADS = 8;
    private static final int CUSTOMERS = 300;
    private static final int ROUNDS = 20;

    private CompiledRuleSet rules;
    private RuleEngine engine;

    @BeforeEach
    void compileSampleRules() {
        rules = PlainEngine.sampleRules();
    }

    @AfterEach
    void stopEngine() {
        if (engine != null) {
            PlainEngine.stop(engine);
        }
    }

    @Test
    void evaluationsOfOneRevisionOnManyThreadsAnswerAsOneAtATime() throws Exception {
        ConcurrentLinkedQueue<RevisionFailing> failures = new ConcurrentLinkedQueue<>();
        engine = PlainEngine.withThreads(THREADS, failures::add);
        // Alone first, on a fresh revision: whatever Drools sets up on first use is set up by these.
        List<Evaluation> alone = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            alone.add(engine.evaluate(rules, customer(i)));
        }
        assertThat(alone.stream().map(Evaluation::segmentNames).distinct().count())
                .as("the customers fall into different segments")
                .isGreaterThan(5);

        for (int round = 0; round < ROUNDS; round++) {
            List<CompletableFuture<Evaluation>> together = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                together.add(engine.evaluateAsync(rules, customer(i)));
            }
            for (int i = 0; i < CUSTOMERS; i++) {
                Evaluation evaluation = together.get(i).get(60, TimeUnit.SECONDS);
                assertThat(evaluation.segmentNames())
                        .as("segments of customer %d", i)
                        .isEqualTo(alone.get(i).segmentNames());
                assertThat(evaluation.variables())
                        .as("variables of customer %d", i)
                        .isEqualTo(alone.get(i).variables());
            }
        }
        assertThat(engine.isQuarantined(rules)).isFalse();
        assertThat(failures).isEmpty();
    }

    private Customer customer(int seed) {
        return VariedShoppers.customer(seed, NOW, rules.facts());
    }
}
