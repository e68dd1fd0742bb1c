package dev.tailor.decisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.tailor.rules.RuleSetArchive;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every decision holds every variable its rule set declares, typed as declared: a variable one rule sets only for
 * some customers is there, at its default, for the others; the revision API lists the declarations.
 */
@QuarkusTest
class DecisionVariablesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static long upload(String name, String facts, String drl) {
        byte[] zip = RuleSetArchive.zip(Map.of(
                "facts.yaml",
                facts.getBytes(StandardCharsets.UTF_8),
                "rules.drl",
                drl.getBytes(StandardCharsets.UTF_8)));
        return given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    @Test
    void aConditionallySetVariableIsInEveryDecisionAtItsDefault() {
        String name = "vars_" + UUID.randomUUID().toString().substring(0, 8);
        long revision = upload(name, """
                events: {}
                variables:
                  vip_offer: {type: string, default: ""}
                  discount: {type: number, default: 0}
                  vip: {type: boolean, default: false}
                  perks: {type: list, default: [newsletter]}
                """, """
                package tailor.vars;
                import dev.tailor.facts.Customer;
                import dev.tailor.rules.Variable;
                rule "VipOffer" when $c : Customer( isTrue("vip") )
                then
                    insert(new Variable("vip_offer", "20% off"));
                    insert(new Variable("discount", 20));
                    insert(new Variable("vip", true));
                    insert(new Variable("perks", java.util.List.of("newsletter", "lounge")));
                end
                """);
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", revision))
                .post("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(201);

        String vip = "vars-vip-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", vip, "traits", Map.of("vip", true)))
                .post("/v1/identify")
                .then()
                .statusCode(200);
        await().atMost(WAIT)
                .until(() -> given().queryParam("ruleSet", name)
                        .get("/v1/decisions/{id}", vip)
                        .then()
                        .extract()
                        .jsonPath()
                        .getBoolean("variables.vip"));
        JsonPath forVip = given().queryParam("ruleSet", name)
                .get("/v1/decisions/{id}", vip)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(forVip.getMap("variables"))
                .containsExactly(
                        Map.entry("vip_offer", "20% off"),
                        Map.entry("discount", 20),
                        Map.entry("vip", true),
                        Map.entry("perks", List.of("newsletter", "lounge")));

        JsonPath forOthers = given().queryParam("ruleSet", name)
                .get("/v1/decisions/{id}", "nobody-" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(forOthers.getMap("variables"))
                .containsExactly(
                        Map.entry("vip_offer", ""),
                        Map.entry("discount", 0),
                        Map.entry("vip", false),
                        Map.entry("perks", List.of("newsletter")));

        JsonPath listed = given().get("/admin/rule-sets/{name}/revisions/{id}", name, revision)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(listed.getList("variables.name", String.class))
                .containsExactly("vip_offer", "discount", "vip", "perks");
        assertThat(listed.getList("variables.type", String.class))
                .containsExactly("string", "number", "boolean", "list");
        assertThat(listed.getString("variables[1].default")).isEqualTo("0");
    }

    @Test
    void anUploadSettingAnUndeclaredVariableIsRefusedNamingTheRule() {
        byte[] zip = RuleSetArchive.zip(
                Map.of("facts.yaml", "events: {}\n".getBytes(StandardCharsets.UTF_8), "rules.drl", """
                        package tailor.undeclared;
                        import dev.tailor.facts.Customer;
                        import dev.tailor.rules.Variable;
                        rule "Discount" when Customer() then insert(new Variable("discount_code", "SAVE10")); end
                        """.getBytes(
                                StandardCharsets.UTF_8)));
        given().contentType("application/zip")
                .body(zip)
                .post(
                        "/admin/rule-sets/{name}/revisions",
                        "undeclared_" + UUID.randomUUID().toString().substring(0, 8))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("messages[0].file", org.hamcrest.Matchers.equalTo("rules.drl"))
                .body(
                        "messages[0].text",
                        containsString("rule \"Discount\" sets variable \"discount_code\", which"
                                + " facts.yaml does not declare"));
    }

    @Test
    void theSampleDecisionHoldsEveryDeclaredVariableInOrder() {
        JsonPath decision = given().get("/v1/decisions/{id}", "nobody-" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(decision.getMap("variables"))
                .containsExactly(
                        Map.entry("loyalty_tier", "standard"),
                        Map.entry("first_name", "there"),
                        Map.entry("favourite_category", "bestsellers"),
                        Map.entry("average_order_value", 0.0f));
    }
}
