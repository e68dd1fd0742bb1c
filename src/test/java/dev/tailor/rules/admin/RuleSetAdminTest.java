package dev.tailor.rules.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactsStore;
import dev.tailor.rules.BrowserRuleSets;
import dev.tailor.rules.RuleSetArchive;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rule set life cycle through the admin API, over the real PostgreSQL and Redis. */
@QuarkusTest
class RuleSetAdminTest {

    private static final String FACTS = "events:\n  Product Viewed: {window: 7d}\n";

    @Inject
    FactsStore facts;

    /** A fresh rule set name per test: the engine's active rule sets are shared by the whole test run. */
    private static String ruleSetName() {
        return "brand_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A rule set whose one rule puts browsers with {@code threshold}+ views in a week into {@code segment}. */
    private static byte[] ruleSet(String segment, int threshold, String... extraFiles) {
        return RuleSetArchive.zip(BrowserRuleSets.files(segment, threshold, extraFiles));
    }

    private static JsonPath upload(String name, byte[] zip, int status) {
        return given().contentType("application/zip")
                .body(zip)
                .queryParam("author", "ana@analytics")
                .queryParam("message", "test upload")
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    private static JsonPath activate(String name, long revision) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("revision", revision, "activatedBy", "olga@ops", "reason", "test"))
                .post("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private static JsonPath decision(String customerId, String ruleSet) {
        return given().queryParam("ruleSet", ruleSet)
                .get("/v1/decisions/{id}", customerId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String browser(int views) {
        String id = "admin-" + UUID.randomUUID();
        for (int i = 0; i < views; i++) {
            Instant at = Instant.now().minus(Duration.ofHours(i + 1));
            facts.apply(new CustomerEvent(
                            "track",
                            UUID.randomUUID().toString(),
                            id,
                            id,
                            null,
                            null,
                            "Product Viewed",
                            Map.of(),
                            Map.of(),
                            at,
                            at))
                    .await()
                    .atMost(Duration.ofSeconds(5));
        }
        return id;
    }

    @Test
    void identicalContentIsTheSameRevision() {
        String name = ruleSetName();
        JsonPath first = upload(name, ruleSet("browser", 3), 201);
        JsonPath again = upload(name, ruleSet("browser", 3), 200);

        assertThat(again.getLong("id")).isEqualTo(first.getLong("id"));
        assertThat(first.getString("author")).isEqualTo("ana@analytics");
        assertThat(first.getList("files", String.class)).containsExactly("browsing.drl", "facts.yaml");
        assertThat(first.getList("segments", String.class)).containsExactly("browser");
        assertThat(first.getString("sha256")).hasSize(64);
    }

    @Test
    void aRuleSetThatDoesNotCompileIs422WithEveryMessageLocated() {
        String name = ruleSetName();
        activate(name, upload(name, ruleSet("browser", 3), 201).getLong("id"));
        byte[] broken = RuleSetArchive.zip(
                Map.of("facts.yaml", FACTS.getBytes(StandardCharsets.UTF_8), "broken.drl", """
                        package tailor.brand;
                        import dev.tailor.facts.Customer;
                        import function dev.tailor.facts.Window.days;
                        rule "Typo"
                        when
                            Customer( count("Product Veiwed", days(7)) > 1 )
                        then
                        end
                        """.getBytes(
                                StandardCharsets.UTF_8)));

        given().contentType("application/zip")
                .body(broken)
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("messages[0].file", equalTo("broken.drl"))
                .body("messages[0].line", equalTo(6))
                .body("messages[0].column", equalTo(15))
                .body(
                        "messages[0].text",
                        equalTo(
                                "count(\"Product Veiwed\", days(7)): event \"Product Veiwed\" is not declared in facts.yaml"));
        assertThat(decision(browser(0), name).getString("ruleSet.name")).isEqualTo(name);
    }

    @Test
    void anUnreadableScenarioFileIs422AtItsKey() {
        byte[] zip = ruleSet("browser", 3, "tests/browsing.yaml", """
                - name: three views make a browser
                  events:
                    - {at: -1h, event: Product Viewed}
                  expect:
                    - segmnts: [browser]
                """);

        given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/validate", ruleSetName())
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Scenario files cannot be read"))
                .body("messages[0].file", equalTo("tests/browsing.yaml"))
                .body("messages[0].line", equalTo(5))
                .body("messages[0].column", equalTo(7))
                .body(
                        "messages[0].text",
                        equalTo("unknown key 'segmnts'; expected one of at, removed, segments," + " variables"));
    }

    @Test
    void validationRunsTheScenariosAndSaysWhatFailed() {
        String name = ruleSetName();
        byte[] zip = ruleSet(
                "browser",
                3,
                "tests/browsing.yaml",
                BrowserRuleSets.THREE_VIEWS_MAKE_A_BROWSER + BrowserRuleSets.WRONGLY_EXPECTS_A_BROWSER);

        given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/validate", name)
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("scenarios.passed", contains(true, false))
                .body("scenarios[1].failures", contains("at 0: segments expected [browser] but were []"));
        // Validation stores nothing.
        given().get("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void validatingARuleThatReachesBeyondTheFactApiIs422AtItsPlaceAndRunsNothing() throws Exception {
        String name = ruleSetName();
        java.nio.file.Path marker =
                java.nio.file.Files.createTempDirectory("escape").resolve("ran");
        byte[] zip = ruleSet("browser", 3, "escape.drl", """
                package tailor.brand;
                import dev.tailor.facts.Customer;

                rule "Escape"
                when
                    Customer()
                then
                    java.nio.file.Files.createFile(java.nio.file.Path.of("%s"));
                end
                """.formatted(marker), "tests/escape.yaml", """
                - name: any customer fires the rule
                  events:
                    - {at: -1h, event: Product Viewed}
                  expect:
                    - segments: []
                """);

        given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/validate", name)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("messages.file", hasItem("escape.drl"))
                .body("messages.find { it.text.contains('java.nio.file.Files.createFile') }.line", equalTo(8))
                .body("messages.find { it.text.contains('java.nio.file.Files.createFile') }.column", equalTo(25));
        assertThat(marker).doesNotExist();
        given().get("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void activateRollBackAndTheLogSayWhoAndWhy() {
        String name = ruleSetName();
        long v1 = upload(name, ruleSet("browser", 3), 201).getLong("id");
        long v2 = upload(name, ruleSet("keen_browser", 2), 201).getLong("id");
        String customer = browser(2);

        activate(name, v1);
        assertThat(decision(customer, name).getList("segments.name", String.class))
                .isEmpty();
        activate(name, v2);
        JsonPath underV2 = decision(customer, name);
        assertThat(underV2.getList("segments.name", String.class)).containsExactly("keen_browser");
        assertThat(underV2.getLong("ruleSet.revision")).isEqualTo(v2);

        JsonPath rolledBack = given().contentType(ContentType.JSON)
                .body(Map.of("activatedBy", "olga@ops", "reason", "too broad"))
                .post("/admin/rule-sets/{name}/rollback", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(rolledBack.getLong("revision")).isEqualTo(v1);
        assertThat(rolledBack.getLong("previousRevision")).isEqualTo(v2);
        assertThat(decision(customer, name).getLong("ruleSet.revision")).isEqualTo(v1);

        given().get("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(200)
                .body("revision", contains((int) v1, (int) v2, (int) v1))
                .body("reason", contains("too broad", "test", "test"))
                .body("activatedBy", hasItem("olga@ops"));
        given().get("/admin/rule-sets")
                .then()
                .statusCode(200)
                .body("find { it.name == '" + name + "' }.activeRevision", equalTo((int) v1));
    }

    @Test
    void rollingBackWithoutAnEarlierRevisionIs409AndAnUnknownRuleSet404() {
        String name = ruleSetName();
        activate(name, upload(name, ruleSet("browser", 3), 201).getLong("id"));
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/admin/rule-sets/{name}/rollback", name)
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        given().queryParam("ruleSet", "no_such_set")
                .get("/v1/decisions/{id}", "anyone")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", 999999))
                .post("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(404);
    }

    @Test
    void diffNamesChangedFilesAndAddedOrRemovedSegments() {
        String name = ruleSetName();
        long v1 = upload(name, ruleSet("browser", 3), 201).getLong("id");
        long v2 = upload(name, ruleSet("keen_browser", 3, "notes.drl", "package tailor.brand;\n"), 201)
                .getLong("id");

        given().queryParam("from", v1)
                .queryParam("to", v2)
                .get("/admin/rule-sets/{name}/diff", name)
                .then()
                .statusCode(200)
                .body("filesAdded", contains("notes.drl"))
                .body("filesChanged", contains("browsing.drl"))
                .body("filesRemoved.size()", equalTo(0))
                .body("segmentsAdded", contains("keen_browser"))
                .body("segmentsRemoved", contains("browser"));
    }

    @Test
    void impactCountsWhoWouldEnterAndLeave() {
        String name = ruleSetName();
        long strict = upload(name, ruleSet("browser", 3), 201).getLong("id");
        long loose = upload(name, ruleSet("browser", 1), 201).getLong("id");
        activate(name, strict);
        browser(1);
        browser(3);

        JsonPath report = given().queryParam("revision", loose)
                .post("/admin/rule-sets/{name}/impact", name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(report.getLong("customers")).isGreaterThanOrEqualTo(2);
        Map<String, Object> browsers = report.getMap("segments.find { it.segment == 'browser' }");
        assertThat(((Number) browsers.get("candidate")).longValue())
                .isGreaterThan(((Number) browsers.get("now")).longValue());
        assertThat(((Number) browsers.get("entering")).longValue()).isGreaterThanOrEqualTo(1);
        assertThat(((Number) browsers.get("leaving")).longValue()).isZero();
        assertThat(report.getList("untrackedEvents")).isEmpty();
    }

    @Test
    void filesCanBeUploadedAsMultipartPartsNamedByTheirPath() {
        String name = ruleSetName();
        Map<String, byte[]> files = RuleSetArchive.unzip(ruleSet("browser", 3));
        var request = given();
        files.forEach((path, content) -> request.multiPart(path, path, content));
        JsonPath revision = request.post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(revision.getList("files", String.class)).containsExactly("browsing.drl", "facts.yaml");
    }

    @Test
    void aSpreadsheetNamedSoThatDroolsWouldSkipItIsRefused() {
        byte[] zip = RuleSetArchive.zip(
                Map.of("facts.yaml", FACTS.getBytes(StandardCharsets.UTF_8), "tiers.xlsx", new byte[] {1, 2, 3}));
        given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/revisions", ruleSetName())
                .then()
                .statusCode(422)
                .body("messages[0].file", equalTo("tiers.xlsx"));
    }

    @Test
    void decisionsNeverFailAndNameOneRevisionWhileARevisionIsSwapped() throws Exception {
        String name = ruleSetName();
        long v1 = upload(name, ruleSet("browser", 3), 201).getLong("id");
        long v2 = upload(name, ruleSet("keen_browser", 2), 201).getLong("id");
        activate(name, v1);
        String customer = browser(2);
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                var response = given().queryParam("ruleSet", name).get("/v1/decisions/{id}", customer);
                answered.incrementAndGet();
                if (response.statusCode() != 200) {
                    problems.add("status " + response.statusCode());
                    continue;
                }
                long revision = response.jsonPath().getLong("ruleSet.revision");
                List<String> segments = response.jsonPath().getList("segments.name", String.class);
                boolean consistent = revision == v1 && segments.isEmpty()
                        || revision == v2 && segments.equals(List.of("keen_browser"));
                if (!consistent) {
                    problems.add("revision " + revision + " answered " + segments);
                }
            }
        });
        traffic.start();
        try {
            await().until(() -> answered.get() > 20);
            activate(name, v2);
            int after = answered.get();
            await().until(() -> answered.get() > after + 20);
        } finally {
            running.set(false);
            traffic.join();
        }
        assertThat(problems).isEmpty();
        assertThat(decision(customer, name).getLong("ruleSet.revision")).isEqualTo(v2);
    }
}
