package dev.tailor.rules.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactsStore;
import dev.tailor.rules.RuleSetArchive;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;

/**
 * An analyst's round trip through the API: change a threshold in the sample spreadsheet, validate, look at the
 * impact, activate, and roll back; over the real PostgreSQL and Redis.
 */
@QuarkusTest
class DecisionTableLifecycleTest {

    @Inject
    FactsStore facts;

    private static Map<String, byte[]> sampleRuleSet() throws Exception {
        Path dir = Path.of("rules", "marketing");
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        }
        return files;
    }

    /** The sample table with the super fans' "opens in the last 30 days at least" set to {@code opens}. */
    private static byte[] superFansFrom(byte[] table, int opens) throws Exception {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(table))) {
            Sheet sheet = workbook.getSheetAt(0);
            Integer opensColumn = null;
            for (Row row : sheet) {
                for (var cell : row) {
                    if (cell.toString().startsWith("Opens in the last 30 days")) {
                        opensColumn = cell.getColumnIndex();
                    }
                }
                if (opensColumn != null
                        && row.getCell(0) != null
                        && row.getCell(0).toString().equals("EmailSuperFan")) {
                    row.getCell(opensColumn).setCellValue(opens);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /** The sample's engagement scenarios with nine opens expected to make a super fan. */
    private static byte[] nineOpensMakeASuperFan(byte[] scenarios) {
        String yaml = new String(scenarios, StandardCharsets.UTF_8);
        String name = "- name: nine opens are one short of a super fan and make a regular";
        int at = yaml.indexOf(name);
        int end = yaml.indexOf("\n\n", at);
        String scenario = yaml.substring(at, end);
        assertThat(scenario).contains("segments: [email_regular, engaged]");
        String fixed = scenario.replace(name, "- name: nine opens make a super fan from six on")
                .replace("segments: [email_regular, engaged]", "segments: [email_super_fan, engaged]")
                .replace(
                        "removed: {email_occasional: engagement}",
                        "removed: {email_regular: engagement, email_occasional: engagement}");
        return (yaml.substring(0, at) + fixed + yaml.substring(end)).getBytes(StandardCharsets.UTF_8);
    }

    private String reader(int opens) {
        String id = "tables-" + UUID.randomUUID();
        for (int i = 0; i < opens; i++) {
            Instant at = Instant.now().minus(Duration.ofDays(i + 1));
            facts.apply(new CustomerEvent(
                            "track",
                            UUID.randomUUID().toString(),
                            id,
                            id,
                            null,
                            null,
                            "Email Opened",
                            Map.of(),
                            Map.of(),
                            at,
                            at))
                    .await()
                    .atMost(Duration.ofSeconds(5));
        }
        return id;
    }

    private static List<String> segments(String customer, String ruleSet) {
        return given().queryParam("ruleSet", ruleSet)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("segments.name", String.class);
    }

    private static JsonPath post(String path, Object body, int status) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    @Test
    void changeATableValidateSeeTheImpactActivateAndRollBack() throws Exception {
        String name = "tables_" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, byte[]> original = sampleRuleSet();
        Map<String, byte[]> changed = new TreeMap<>(original);
        changed.put("engagement.drl.xlsx", superFansFrom(original.get("engagement.drl.xlsx"), 6));
        String sixOpens = reader(6);

        long before = given().contentType("application/zip")
                .body(RuleSetArchive.zip(original))
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        post("/admin/rule-sets/" + name + "/activations", Map.of("revision", before, "activatedBy", "ana"), 201);
        assertThat(segments(sixOpens, name)).contains("email_regular").doesNotContain("email_super_fan");

        // Validation runs the set's scenarios: the one that says nine opens are not a super fan now fails.
        JsonPath validation = given().contentType("application/zip")
                .body(RuleSetArchive.zip(changed))
                .post("/admin/rule-sets/{name}/validate", name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(validation.getBoolean("valid")).isFalse();
        assertThat(validation.getList("scenarios.findAll { !it.passed }.name", String.class))
                .isNotEmpty();
        assertThat(validation.getList("warnings.file", String.class)).contains("engagement.drl.xlsx");

        // The revision keeps the scenarios: its activation runs them and is refused until the analyst updates the
        // one that no longer holds.
        long unfixed = given().contentType("application/zip")
                .body(RuleSetArchive.zip(changed))
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", unfixed, "activatedBy", "ana"))
                .post("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(422)
                .body("messages[0]", startsWith("scenario tests/engagement.yaml \"nine opens"));
        changed.put("tests/engagement.yaml", nineOpensMakeASuperFan(original.get("tests/engagement.yaml")));

        long after = given().contentType("application/zip")
                .body(RuleSetArchive.zip(changed))
                .queryParam("author", "ana")
                .queryParam("message", "super fans from 6 opens")
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        assertThat(given().queryParam("from", before)
                        .queryParam("to", after)
                        .get("/admin/rule-sets/{name}/diff", name)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("filesChanged", String.class))
                .containsExactly("engagement.drl.xlsx", "tests/engagement.yaml");

        JsonPath impact = given().queryParam("revision", after)
                .post("/admin/rule-sets/{name}/impact", name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(impact.getLong("segments.find { it.segment == 'email_super_fan' }.entering"))
                .isPositive();
        assertThat(impact.getLong("segments.find { it.segment == 'email_regular' }.leaving"))
                .isPositive();

        post(
                "/admin/rule-sets/" + name + "/activations",
                Map.of("revision", after, "activatedBy", "ana", "reason", "super fans from 6 opens"),
                201);
        assertThat(segments(sixOpens, name)).contains("email_super_fan").doesNotContain("email_regular");

        post("/admin/rule-sets/" + name + "/rollback", Map.of("activatedBy", "olga", "reason", "campaign over"), 201);
        assertThat(segments(sixOpens, name)).contains("email_regular").doesNotContain("email_super_fan");
    }
}
