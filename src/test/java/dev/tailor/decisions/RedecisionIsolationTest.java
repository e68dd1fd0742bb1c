package dev.tailor.decisions;

import static dev.tailor.rules.FaultyRuleSets.metric;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.decisions.SegmentsChanged.Cause;
import dev.tailor.facts.FactsStore;
import dev.tailor.rules.FaultyRuleSets;
import dev.tailor.rules.RuleEngine;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A customer whose rules throw fails alone: the rest of its re-decision batch is recorded and announced, and the
 * failing one is counted, noted as a data-quality issue and put back to be tried again after a backoff.
 */
@QuarkusTest
class RedecisionIsolationTest {

    @Inject
    FactsStore facts;

    @Inject
    DecisionRefresher refresher;

    @Inject
    PendingDecisions pending;

    @Inject
    SegmentsChangedRecorder changes;

    @Inject
    RuleEngine engine;

    private String customerWith(Map<String, Object> traits) {
        return FaultyRuleSets.customerWith(facts, traits);
    }

    @Test
    void aThrowingCustomerFailsAloneAndTheRestOfItsBatchIsRecorded() {
        String name = FaultyRuleSets.name("isolation");
        FaultyRuleSets.uploadAndActivate(name, FaultyRuleSets.zipWithTrait("everyone", name, "throws.drl"));
        String first = customerWith(Map.of(name, 2));
        String failing = customerWith(Map.of(name, 0));
        String last = customerWith(Map.of("plan", "basic"));
        double failedBefore = metric("tailor_decisions_failed_total", "ruleSet=\"" + name + "\"");
        Instant before = Instant.now();

        List<SegmentsChanged> announced = refresher
                .refreshAll(List.of(first, failing, last), Cause.EVENT)
                .await()
                .atMost(Duration.ofSeconds(30));

        List<String> decided = announced.stream()
                .filter(change -> change.ruleSet().equals(name))
                .map(SegmentsChanged::customerId)
                .toList();
        assertThat(decided).containsExactlyInAnyOrder(first, last);
        assertThat(changes.of(first))
                .anyMatch(change ->
                        change.ruleSet().equals(name) && change.entered().contains("everyone"));
        assertThat(changes.of(failing)).noneMatch(change -> change.ruleSet().equals(name));
        assertThat(metric("tailor_decisions_failed_total", "ruleSet=\"" + name + "\""))
                .isGreaterThan(failedBefore);

        Optional<Instant> retry = pending.pendingSince(failing).await().atMost(Duration.ofSeconds(5));
        assertThat(retry).hasValueSatisfying(at -> assertThat(at).isAfter(before));
        assertThat(pending.pendingSince(first).await().atMost(Duration.ofSeconds(5)))
                .isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(given().queryParam("customerId", failing)
                                .queryParam("kind", "rule-failure")
                                .get("/admin/data-quality/issues")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("items.field", String.class))
                        .contains(name));
    }

    @Test
    void aQuarantinedRevisionFailsNoOne() {
        String name = FaultyRuleSets.name("quarantined");
        long revision =
                FaultyRuleSets.uploadAndActivate(name, FaultyRuleSets.zipWithTrait("everyone", name, "throws.drl"));
        engine.quarantine(revision);
        String customer = customerWith(Map.of(name, 0));
        double failedBefore = metric("tailor_decisions_failed_total", "ruleSet=\"" + name + "\"");

        List<SegmentsChanged> announced =
                refresher.refreshAll(List.of(customer), Cause.EVENT).await().atMost(Duration.ofSeconds(30));

        assertThat(announced).noneMatch(change -> change.ruleSet().equals(name));
        assertThat(metric("tailor_decisions_failed_total", "ruleSet=\"" + name + "\""))
                .isEqualTo(failedBefore);
        assertThat(pending.pendingSince(customer).await().atMost(Duration.ofSeconds(5)))
                .isEmpty();
    }
}
