package dev.tailor.rules.revisions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.tailor.rules.BrowserRuleSets;
import dev.tailor.rules.RuleSetArchive;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A revision keeps its scenario files, and every activation runs them, guarded, before it records anything: a
 * failing scenario refuses the activation with the file and what differed; a rollback goes ahead and records the
 * failures. Over the admin API, the real PostgreSQL and Redis.
 */
@QuarkusTest
class ActivationScenariosTest {

    private static final String PASSING = BrowserRuleSets.THREE_VIEWS_MAKE_A_BROWSER + BrowserRuleSets.TWO_VIEWS_DO_NOT;
    private static final String FAILING = BrowserRuleSets.WRONGLY_EXPECTS_A_BROWSER;

    @Inject
    RuleSetActivationRepository activations;

    private static String ruleSetName() {
        return "proved_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Browsers with {@code threshold}+ views in a week are in "browser"; then the given path and content pairs. */
    private static Map<String, byte[]> files(int threshold, String... extraFiles) {
        return BrowserRuleSets.files("browser", threshold, extraFiles);
    }

    private static JsonPath upload(String name, Map<String, byte[]> files, int status) {
        return given().contentType("application/zip")
                .body(RuleSetArchive.zip(files))
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    private static ValidatableResponse activate(String name, long revision) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("revision", revision, "activatedBy", "olga@ops", "reason", "test"))
                .post("/admin/rule-sets/{name}/activations", name)
                .then();
    }

    private static List<Long> log(String name) {
        return given().get("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("revision", Long.class);
    }

    private static long served(String name) {
        return given().queryParam("ruleSet", name)
                .get("/v1/decisions/{id}", "proved-" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("ruleSet.revision");
    }

    @Test
    void aFailingScenarioRefusesTheActivationAndRecordsNothing() {
        String name = ruleSetName();
        long good = upload(name, files(3, "tests/browsing.yaml", PASSING), 201).getLong("id");
        activate(name, good).statusCode(201);
        JsonPath failing = upload(name, files(2, "tests/browsing.yaml", PASSING), 201);
        assertThat(failing.getList("scenarios", String.class)).containsExactly("tests/browsing.yaml");

        activate(name, failing.getLong("id"))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:tailor:problem:activation-refused"))
                .body("detail", containsString("revision " + failing.getLong("id")))
                .body(
                        "messages",
                        hasItem("scenario tests/browsing.yaml \"two views do not\": at 0: segments"
                                + " expected [] but were [browser]"));

        assertThat(log(name)).containsExactly(good);
        assertThat(served(name)).isEqualTo(good);
    }

    @Test
    void passingScenariosLetTheActivationThrough() {
        String name = ruleSetName();
        JsonPath revision = upload(
                name,
                files(3, "tests/browsing.yaml", PASSING, "tests/more.yml", PASSING.replace("three views", "3 views")),
                201);
        assertThat(revision.getList("files", String.class))
                .containsExactly("browsing.drl", "facts.yaml", "tests/browsing.yaml", "tests/more.yml");
        assertThat(revision.getList("scenarios", String.class))
                .containsExactly("tests/browsing.yaml", "tests/more.yml");

        activate(name, revision.getLong("id")).statusCode(201).body("revision", equalTo(revision.getInt("id")));

        assertThat(log(name)).containsExactly(revision.getLong("id"));
        assertThat(served(name)).isEqualTo(revision.getLong("id"));
    }

    @Test
    void aRevisionWithoutScenariosActivatesAndHashesAsItsRules() {
        String name = ruleSetName();
        JsonPath revision = upload(name, files(3), 201);

        assertThat(revision.getList("scenarios", String.class)).isEmpty();
        assertThat(revision.getString("sha256"))
                .isEqualTo(RuleSetSource.fromFiles(name, files(3)).sha256());
        activate(name, revision.getLong("id")).statusCode(201);
        assertThat(log(name)).containsExactly(revision.getLong("id"));
    }

    @Test
    void aChangedScenarioIsANewRevisionAndTheDiffShowsIt() {
        String name = ruleSetName();
        long first = upload(name, files(3, "tests/browsing.yaml", PASSING), 201).getLong("id");
        assertThat(upload(name, files(3, "tests/browsing.yaml", PASSING), 200).getLong("id"))
                .isEqualTo(first);
        long second = upload(name, files(3, "tests/browsing.yaml", PASSING + FAILING, "tests/new.yaml", PASSING), 201)
                .getLong("id");
        long rulesOnly = upload(name, files(3), 201).getLong("id");

        given().queryParam("from", first)
                .queryParam("to", second)
                .get("/admin/rule-sets/{name}/diff", name)
                .then()
                .statusCode(200)
                .body("filesAdded", equalTo(List.of("tests/new.yaml")))
                .body("filesChanged", equalTo(List.of("tests/browsing.yaml")))
                .body("segmentsAdded", equalTo(List.of()));
        given().queryParam("from", second)
                .queryParam("to", rulesOnly)
                .get("/admin/rule-sets/{name}/diff", name)
                .then()
                .statusCode(200)
                .body("filesRemoved", equalTo(List.of("tests/browsing.yaml", "tests/new.yaml")));
    }

    @Test
    void anUnreadableScenarioFileRefusesTheUploadAtItsKey() {
        String name = ruleSetName();
        given().contentType("application/zip")
                .body(RuleSetArchive.zip(files(3, "tests/browsing.yaml", """
                        - name: three views make a browser
                          expect:
                            - segmnts: [browser]
                        """)))
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:tailor:problem:scenario-files-unreadable"))
                .body("messages[0].file", equalTo("tests/browsing.yaml"))
                .body("messages[0].line", equalTo(3))
                .body("messages[0].text", containsString("unknown key 'segmnts'"));

        given().get("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void multipartUploadsKeepTheirScenarioFiles() {
        String name = ruleSetName();
        var request = given().contentType("multipart/form-data");
        files(3, "tests/browsing.yaml", FAILING).forEach((path, content) -> request.multiPart(path, path, content));
        long revision = request.post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .body("scenarios", equalTo(List.of("tests/browsing.yaml")))
                .extract()
                .jsonPath()
                .getLong("id");

        activate(name, revision)
                .statusCode(422)
                .body(
                        "messages[0]",
                        equalTo("scenario tests/browsing.yaml \"wrongly expects a browser after two"
                                + " views\": at 0: segments expected [browser] but were []"));
        assertThat(log(name)).isEmpty();
    }

    /**
     * A revision that served before its scenarios failed (as after an upgrade that changed what they check) is
     * refused by an activation but comes back by a rollback, which records the failures in its reason.
     */
    @Test
    void aRollbackGoesAheadDespiteFailingScenariosAndRecordsThem() {
        String name = ruleSetName();
        long before =
                upload(name, files(2, "tests/browsing.yaml", PASSING), 201).getLong("id");
        BlockingDb.transaction(() -> activations.persist(new RuleSetActivation(
                name, before, null, "olga@ops", "active before its scenarios failed", Instant.now())));
        long current =
                upload(name, files(3, "tests/browsing.yaml", PASSING), 201).getLong("id");
        activate(name, current).statusCode(201);
        activate(name, before).statusCode(422);
        assertThat(log(name)).containsExactly(current, before);

        given().contentType(ContentType.JSON)
                .body(Map.of("activatedBy", "olga@ops", "reason", "emergency"))
                .post("/admin/rule-sets/{name}/rollback", name)
                .then()
                .statusCode(201)
                .body("revision", equalTo((int) before))
                .body(
                        "reason",
                        equalTo(
                                "emergency [activated although its scenarios failed: scenario"
                                        + " tests/browsing.yaml \"two views do not\": at 0: segments expected [] but were [browser]]"));

        assertThat(log(name)).containsExactly(before, current, before);
        assertThat(served(name)).isEqualTo(before);
    }

    @Test
    void aFolderStoredAtStartUpKeepsItsScenarios() {
        JsonPath revisions = given().get("/admin/rule-sets/marketing/revisions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String sha256 =
                RuleSetContent.fromDirectory(Path.of("rules", "marketing")).sha256();

        assertThat(revisions.getList("findAll { it.sha256 == '" + sha256 + "' }.author", String.class))
                .containsExactly("rules folder");
        assertThat(revisions.getList("find { it.sha256 == '" + sha256 + "' }.scenarios", String.class))
                .contains("tests/browsing.yaml", "tests/rfm.yaml");
    }
}
