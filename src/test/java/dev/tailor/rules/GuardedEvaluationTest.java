package dev.tailor.rules;

import static dev.tailor.rules.FaultyRuleSets.metric;
import static dev.tailor.rules.FaultyRuleSets.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.facts.FactsStore;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rules that loop cost their own answer only: the render answers the degraded default once the evaluation budget is
 * spent, other renders (other customers, other rule sets) keep being answered, the overrun is counted and the
 * thread it took is replaced, and a rule that never ends is stopped.
 */
@QuarkusTest
class GuardedEvaluationTest {

    /** Renders of others sent while a looping rule holds a thread. */
    private static final int OTHERS = 24;

    @Inject
    FactsStore facts;

    private final ExecutorService clients = Executors.newFixedThreadPool(8);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    private String customerWith(Map<String, Object> traits) {
        return FaultyRuleSets.customerWith(facts, traits);
    }

    /** Renders of other customers under {@code ruleSet} and the default rule set, sent at once. */
    private List<CompletableFuture<JsonPath>> othersRender(String ruleSet) {
        List<CompletableFuture<JsonPath>> renders = new ArrayList<>();
        for (int i = 0; i < OTHERS; i++) {
            String set = i % 2 == 0 ? ruleSet : "marketing";
            String customer = "other-" + UUID.randomUUID();
            renders.add(CompletableFuture.supplyAsync(() -> render(customer, set), clients));
        }
        return renders;
    }

    @Test
    void aBusyLoopAnswersTheDefaultWithinTheBudgetAndOthersAreAnswered() throws Exception {
        String name = FaultyRuleSets.name("busy");
        long revision =
                FaultyRuleSets.uploadAndActivate(name, FaultyRuleSets.zipWithTrait("everyone", name, "busy-loop.drl"));
        String looping = customerWith(Map.of(name, "busy"));
        double overranBefore =
                metric("tailor_rules_evaluations_failed_total", "ruleSet=\"" + name + "\"", "outcome=\"overran\"");

        CompletableFuture<JsonPath> slow = CompletableFuture.supplyAsync(() -> render(looping, name), clients);
        List<CompletableFuture<JsonPath>> others = othersRender(name);
        long started = System.nanoTime();
        JsonPath answer = slow.get(30, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        Log.infof("MEASURED degraded answer under a busy-looping rule: %d ms", millis);

        assertThat(answer.getBoolean("degraded")).isTrue();
        assertThat(answer.getLong("ruleSet.revision")).isEqualTo(revision);
        // The default decision: the rules on a customer with no facts, as worked out when the revision came in.
        assertThat(answer.getList("segments.name", String.class)).containsExactly("everyone");
        // Far above the budgets only on a starved machine: a stalled event loop would take the loop's ten seconds.
        assertThat(millis).isLessThan(5_000);
        for (CompletableFuture<JsonPath> other : others) {
            assertThat(other.get(30, TimeUnit.SECONDS).getString("customerId")).startsWith("other-");
        }
        // Counted once it has run for tailor.rules.abandon-after (rendered again in case a starved machine had the
        // render stop waiting before a thread took the evaluation up).
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(render(looping, name).getBoolean("degraded")).isTrue();
                    return metric(
                                    "tailor_rules_evaluations_failed_total",
                                    "ruleSet=\"" + name + "\"",
                                    "outcome=\"overran\"")
                            > overranBefore;
                });
    }

    @Test
    void aRuleThatNeverEndsLosesNoThreadForGood() throws Exception {
        String name = FaultyRuleSets.name("forever");
        FaultyRuleSets.uploadAndActivate(name, FaultyRuleSets.zipWithTrait("everyone", name, "while-true.drl"));
        String looping = customerWith(Map.of(name, "forever"));

        long started = System.nanoTime();
        JsonPath answer = render(looping, name);
        Log.infof(
                "MEASURED degraded answer under a while(true) rule: %d ms", (System.nanoTime() - started) / 1_000_000);
        assertThat(answer.getBoolean("degraded")).isTrue();
        // On a starved machine a render may stop waiting before a thread took its evaluation up (which is then
        // skipped): render again until the loop holds a thread past tailor.rules.abandon-after.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(render(looping, name).getBoolean("degraded")).isTrue();
                    return metric("tailor_rules_evaluation_stuck") >= 1;
                });

        for (CompletableFuture<JsonPath> other : othersRender(name)) {
            assertThat(other.get(30, TimeUnit.SECONDS).getString("customerId")).startsWith("other-");
        }
        // The stuck thread is stopped after tailor.rules.stop-abandoned-after, and the pool back to its size.
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        assertThat(metric("tailor_rules_evaluation_stuck")).isZero());
        // The looping revision itself may have been quarantined meanwhile (its rule set then answers the default):
        // the pool's threads are back when a sound rule set's evaluations run again.
        String plain = customerWith(Map.of("plan", "basic"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> !render(plain, "marketing").getBoolean("degraded"));
    }
}
