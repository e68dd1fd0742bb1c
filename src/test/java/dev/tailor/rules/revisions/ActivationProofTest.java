package dev.tailor.rules.revisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.tailor.rules.FaultyRuleSets;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An activation proves the revision before it records anything: a warm-up on probe customers under the
 * evaluation deadline. A revision that fails is refused with what failed, and the log and the served revision stay
 * as they were.
 */
@QuarkusTest
class ActivationProofTest {

    private static void refusedAndNothingRecorded(String name, long revision, String why) {
        FaultyRuleSets.activate(name, revision)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:tailor:problem:activation-refused"))
                .body("detail", containsString("revision " + revision))
                .body("messages[0]", containsString(why));
        given().get("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
        given().queryParam("ruleSet", name)
                .get("/v1/decisions/{id}", "proof-" + UUID.randomUUID())
                .then()
                .statusCode(404);
    }

    @Test
    void aRevisionWhoseWarmUpNeverEndsIsRefused() {
        String name = FaultyRuleSets.name("proof");
        long revision = FaultyRuleSets.upload(name, FaultyRuleSets.zip("everyone", "loops-for-everyone.drl"));

        refusedAndNothingRecorded(name, revision, "ran past the evaluation deadline");
    }

    @Test
    void aRevisionWhoseWarmUpThrowsIsRefused() {
        String name = FaultyRuleSets.name("proof");
        long revision = FaultyRuleSets.upload(name, FaultyRuleSets.zip("everyone", "throws-for-everyone.drl"));

        refusedAndNothingRecorded(name, revision, "warm-up on probe customer 1");
    }

    @Test
    void aRefusedRevisionLeavesTheActiveOneServing() {
        String name = FaultyRuleSets.name("proof");
        long good = FaultyRuleSets.uploadAndActivate(name, FaultyRuleSets.zip("first"));
        long bad = FaultyRuleSets.upload(name, FaultyRuleSets.zip("second", "throws-for-everyone.drl"));

        FaultyRuleSets.activate(name, bad).statusCode(422);

        given().get("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("revision", hasItem((int) good));
        long served = given().queryParam("ruleSet", name)
                .get("/v1/decisions/{id}", "proof-" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("ruleSet.revision");
        assertThat(served).isEqualTo(good);
    }
}
