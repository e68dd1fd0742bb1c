package dev.tailor.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.rules.RuleSetArchive;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A destination's mapping names only what its rule set produces: an undeclared variable or an unknown segment is
 * refused when the mapping is saved, and an activation that would drop a mapped one shows it and needs confirming.
 */
@QuarkusTest
class MappingChecksTest {

    private static long upload(String name, String variables, String segment) {
        byte[] zip = RuleSetArchive.zip(Map.of(
                "facts.yaml", ("events: {}\nvariables:\n" + variables).getBytes(StandardCharsets.UTF_8),
                "rules.drl", """
                        package tailor.mapped;
                        import dev.tailor.facts.Customer;
                        import dev.tailor.rules.Segment;
                        rule "Everyone" when Customer() then insert(Segment.marketing("SEGMENT")); end
                        """.replace("SEGMENT", segment).getBytes(StandardCharsets.UTF_8)));
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
    void aMappingOfAnUndeclaredVariableOrAnUnknownSegmentIsRefusedNamingTheSource() {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "mapping",
                        List.of(
                                Map.of("source", "variable:first_name", "target", "first_name"),
                                Map.of("source", "variable:discount_code", "target", "code"),
                                Map.of("source", "segment:cart_abandonr", "target", "cart", "type", "boolean"))))
                .put(
                        "/admin/destinations/{name}",
                        "unchecked-" + UUID.randomUUID().toString().substring(0, 8))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("field", equalTo("mapping[1].source"))
                .body("detail", containsString("variable:discount_code: rule set marketing"))
                .body("errors.field", equalTo(List.of("mapping[1].source", "mapping[2].source")))
                .body("errors[1].detail", containsString("segment:cart_abandonr"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "ruleSet",
                        "not_active",
                        "mapping",
                        List.of(Map.of("source", "variable:first_name", "target", "first_name"))))
                .put(
                        "/admin/destinations/{name}",
                        "unchecked-" + UUID.randomUUID().toString().substring(0, 8))
                .then()
                .statusCode(422)
                .body("field", equalTo("ruleSet"));
    }

    @Test
    void anActivationThatDropsAMappedVariableOrSegmentShowsItAndNeedsConfirming() {
        String ruleSet = "mapped_" + UUID.randomUUID().toString().substring(0, 8);
        long first = upload(ruleSet, "  tier: {type: string, default: basic}\n", "vip");
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", first))
                .post("/admin/rule-sets/{name}/activations", ruleSet)
                .then()
                .statusCode(201);
        String destination = "mapped-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "ruleSet",
                        ruleSet,
                        "mapping",
                        List.of(
                                Map.of("source", "variable:tier", "target", "tier"),
                                Map.of("source", "segment:vip", "target", "is_vip", "type", "boolean"),
                                Map.of("source", "degraded", "target", "degraded"))))
                .put("/admin/destinations/{name}", destination)
                .then()
                .statusCode(201);

        long second = upload(ruleSet, "  level: {type: string, default: basic}\n", "regular");
        List<Map<String, Object>> dropped = given().queryParam("revision", second)
                .post("/admin/rule-sets/{name}/impact", ruleSet)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("droppedMappings");
        assertThat(dropped)
                .containsExactly(
                        Map.of(
                                "destination",
                                destination,
                                "field",
                                destination + ".mapping[0].source",
                                "source",
                                "variable:tier"),
                        Map.of(
                                "destination",
                                destination,
                                "field",
                                destination + ".mapping[1].source",
                                "source",
                                "segment:vip"));

        given().contentType(ContentType.JSON)
                .body(Map.of("revision", second))
                .post("/admin/rule-sets/{name}/activations", ruleSet)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        equalTo(List.of(destination + ".mapping[0].source", destination + ".mapping[1].source")))
                .body("detail", containsString("maps variable:tier"));
        given().get("/admin/rule-sets").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", second, "confirmDrops", true))
                .post("/admin/rule-sets/{name}/activations", ruleSet)
                .then()
                .statusCode(201)
                .body("revision", equalTo((int) second));
        // Rolling back to the first revision drops nothing the mapping names.
        given().contentType(ContentType.JSON)
                .body(Map.of())
                .post("/admin/rule-sets/{name}/rollback", ruleSet)
                .then()
                .statusCode(201)
                .body("revision", equalTo((int) first));
    }

    @Test
    void htmlEscapingIsAnOptionOfAMappingEntry() {
        FieldMapper.Decided decided = new FieldMapper.Decided(
                List.of("vip"),
                Map.of("name", "<b>Tom & \"Jerry\"</b>", "tags", List.of("a&b", "it's"), "count", 3),
                "marketing",
                1,
                false);
        Map<String, Object> worded = FieldMapper.apply(
                List.of(
                        new FieldMapping("variable:name", "escaped", "string", null, "html"),
                        new FieldMapping("variable:name", "raw", "string", null, null),
                        new FieldMapping("variable:tags", "tags", "list", null, "html"),
                        new FieldMapping("variable:count", "count", "number", null, "html")),
                decided);
        assertThat(worded)
                .containsEntry("escaped", "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;")
                .containsEntry("raw", "<b>Tom & \"Jerry\"</b>")
                .containsEntry("tags", List.of("a&amp;b", "it&#39;s"))
                .containsEntry("count", 3);
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "mapping",
                        List.of(Map.of("source", "variable:first_name", "target", "first_name", "escape", "xml"))))
                .put("/admin/destinations/{name}", "bad-escape")
                .then()
                .statusCode(400)
                .body("field", equalTo("mapping[0].escape"));
    }
}
