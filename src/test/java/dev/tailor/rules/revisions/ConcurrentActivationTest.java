package dev.tailor.rules.revisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.rules.BrowserRuleSets;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Activations of one rule set at once are serialised, and the log never names a revision as its own predecessor. */
@QuarkusTest
class ConcurrentActivationTest {

    private static final int AT_ONCE = 6;

    @Inject
    RuleSetService ruleSets;

    private static RuleSetContent ruleSet(String name, String segment) {
        return RuleSetContent.of(name, BrowserRuleSets.files(segment, 2));
    }

    @Test
    void theSameRevisionActivatedAtOnceIsLoggedOnceAndRollbackReturnsToTheOneBefore() throws Exception {
        String name = "concurrent_" + UUID.randomUUID().toString().substring(0, 8);
        long v1 = ruleSets.store(ruleSet(name, "browser"), "ana", "first").revision().id;
        long v2 = ruleSets.store(ruleSet(name, "keen_browser"), "ana", "second").revision().id;
        ruleSets.activate(name, v1, "olga", "start");

        List<RuleSetActivation> answers = atOnce(() -> ruleSets.activate(name, v2, "olga", "at once"));

        List<RuleSetActivation> log = ruleSets.activationsOf(name);
        assertThat(log).extracting(a -> a.revisionId).containsExactly(v2, v1);
        assertThat(log.get(0).previousRevisionId).isEqualTo(v1);
        assertThat(answers).extracting(a -> a.id).containsOnly(log.get(0).id);

        RuleSetActivation rolledBack = ruleSets.rollback(name, "olga", "too broad");
        assertThat(rolledBack.revisionId).isEqualTo(v1);
        assertThat(rolledBack.previousRevisionId).isEqualTo(v2);
    }

    @Test
    void rollbacksAtOnceRollBackOnce() throws Exception {
        String name = "concurrent_" + UUID.randomUUID().toString().substring(0, 8);
        long v1 = ruleSets.store(ruleSet(name, "browser"), "ana", "first").revision().id;
        long v2 = ruleSets.store(ruleSet(name, "keen_browser"), "ana", "second").revision().id;
        ruleSets.activate(name, v1, "olga", "start");
        ruleSets.activate(name, v2, "olga", "next");

        atOnce(() -> ruleSets.rollback(name, "olga", "at once"));

        List<RuleSetActivation> log = ruleSets.activationsOf(name);
        assertThat(log).extracting(a -> a.revisionId).containsExactly(v1, v2, v1);
        assertThat(log).allSatisfy(entry -> assertThat(entry.previousRevisionId).isNotEqualTo(entry.revisionId));
    }

    @Test
    void aRollbackAskedBeforeTheActiveRevisionWasActivatedAnswersItInsteadOfRollingItBack() {
        String name = "concurrent_" + UUID.randomUUID().toString().substring(0, 8);
        long v1 = ruleSets.store(ruleSet(name, "browser"), "ana", "first").revision().id;
        long v2 = ruleSets.store(ruleSet(name, "keen_browser"), "ana", "second").revision().id;
        ruleSets.activate(name, v1, "olga", "start");
        ruleSets.activate(name, v2, "olga", "next");
        Instant asked = Instant.now();
        RuleSetActivation rolledBack = ruleSets.rollback(name, "olga", "at once, first");

        // A rollback asked at the same moment, reading the log only after the first one's activation committed.
        RuleSetActivation late = ruleSets.rollback(name, "olga", "at once, late", asked);

        assertThat(late.id).isEqualTo(rolledBack.id);
        assertThat(ruleSets.activationsOf(name)).extracting(a -> a.revisionId).containsExactly(v1, v2, v1);
        assertThat(ruleSets.rollback(name, "olga", "asked later").revisionId)
                .as("a rollback asked after it rolls back again")
                .isEqualTo(v2);
    }

    /** Runs {@code work} on {@value #AT_ONCE} threads released together; answers what each returned. */
    private static List<RuleSetActivation> atOnce(java.util.concurrent.Callable<RuleSetActivation> work)
            throws Exception {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ExecutorService threads = Executors.newFixedThreadPool(AT_ONCE, task -> {
            Thread thread = new Thread(task);
            thread.setContextClassLoader(loader);
            return thread;
        });
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RuleSetActivation>> futures = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            List<RuleSetActivation> answers = new ArrayList<>();
            for (Future<RuleSetActivation> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
