package dev.tailor.rules;

import static dev.tailor.rules.FaultyRuleSets.metric;
import static dev.tailor.rules.FaultyRuleSets.render;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.facts.FactsStore;
import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A revision whose evaluations fail past {@code tailor.rules.quarantine.threshold} within the window is taken out of
 * service: the earlier revision serves again (or the degraded default when there is none), the activation log says
 * so and why, and {@code tailor_rules_quarantines_total} counts it.
 */
@QuarkusTest
class QuarantineTest {

    /** tailor.rules.quarantine.threshold's default. */
    private static final int THRESHOLD = 5;

    @Inject
    FactsStore facts;

    private String customerWith(Map<String, Object> traits) {
        return FaultyRuleSets.customerWith(facts, traits);
    }

    private static JsonPath latestActivation(String ruleSet) {
        return given().get("/admin/rule-sets/{name}/activations", ruleSet)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("[0]");
    }

    @Test
    void aRevisionThatKeepsThrowingIsQuarantinedAndThePreviousOneServesAgain() {
        String name = FaultyRuleSets.name("quarantine");
        String trait = "divisor_" + name;
        long good = FaultyRuleSets.uploadAndActivate(name, FaultyRuleSets.zip("first"));
        long bad = FaultyRuleSets.uploadAndActivate(name, FaultyRuleSets.zipWithTrait("second", trait, "throws.drl"));
        String failing = customerWith(Map.of(trait, 0));
        String ordinary = customerWith(Map.of(trait, 4));
        assertThat(render(ordinary, name).getList("segments.name", String.class))
                .containsExactly("second");
        double quarantinesBefore = metric("tailor_rules_quarantines_total", "ruleSet=\"" + name + "\"");

        for (int i = 0; i < THRESHOLD - 1; i++) {
            assertThat(render(failing, name).getBoolean("degraded")).isTrue();
        }
        assertThat(render(ordinary, name).getLong("ruleSet.revision")).isEqualTo(bad);
        long started = System.nanoTime();
        render(failing, name);

        // A render that stopped waiting before its evaluation started failed nothing: the failing customer is
        // rendered again until the quarantine is seen.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (render(ordinary, name).getLong("ruleSet.revision") == good) {
                        return true;
                    }
                    render(failing, name);
                    return false;
                });
        Log.infof(
                "MEASURED quarantine delay (threshold reached to previous revision serving): %d ms",
                (System.nanoTime() - started) / 1_000_000);
        JsonPath served = render(failing, name);
        assertThat(served.getLong("ruleSet.revision")).isEqualTo(good);
        assertThat(served.getList("segments.name", String.class)).containsExactly("first");

        JsonPath entry = latestActivation(name);
        assertThat(entry.getLong("revision")).isEqualTo(good);
        assertThat(entry.getLong("previousRevision")).isEqualTo(bad);
        assertThat(entry.getLong("quarantinedRevision")).isEqualTo(bad);
        assertThat(entry.getString("activatedBy")).isEqualTo("quarantine");
        assertThat(entry.getString("reason"))
                .contains("quarantined revision " + bad)
                .contains("5 threw")
                .contains("Throws");
        assertThat(metric("tailor_rules_quarantines_total", "ruleSet=\"" + name + "\""))
                .isEqualTo(quarantinesBefore + 1);
    }

    @Test
    void withNoEarlierRevisionTheRuleSetAnswersTheDegradedDefault() {
        String name = FaultyRuleSets.name("quarantine");
        String trait = "divisor_" + name;
        long only = FaultyRuleSets.uploadAndActivate(name, FaultyRuleSets.zipWithTrait("only", trait, "throws.drl"));
        String failing = customerWith(Map.of(trait, 0));
        String ordinary = customerWith(Map.of(trait, 4));

        for (int i = 0; i < THRESHOLD; i++) {
            render(failing, name);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            render(failing, name);
            return "quarantine".equals(latestActivation(name).getString("activatedBy"));
        });
        JsonPath entry = latestActivation(name);
        assertThat(entry.getLong("revision")).isEqualTo(only);
        assertThat(entry.getLong("quarantinedRevision")).isEqualTo(only);
        assertThat(entry.getString("reason")).contains("no earlier good revision");
        JsonPath served = render(ordinary, name);
        assertThat(served.getBoolean("degraded")).isTrue();
        assertThat(served.getList("segments.name", String.class)).containsExactly("only");
    }
}
