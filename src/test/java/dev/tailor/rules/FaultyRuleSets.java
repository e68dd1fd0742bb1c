package dev.tailor.rules;

import static io.restassured.RestAssured.given;

import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactsStore;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule sets made of the files under src/test/resources/faulty-rules: everyone in one segment, plus rules that loop,
 * never end or throw (each for the customers with a given trait, or for everyone). Uploaded and activated through
 * the admin API.
 */
public final class FaultyRuleSets {

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)(?:\\{([^}]*)})? ([0-9.Ee+-]+)$", Pattern.MULTILINE);

    private FaultyRuleSets() {}

    public static String name(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A rule set putting everyone in {@code segment}, with the rule files {@code faults} (e.g. "throws.drl"). */
    public static byte[] zip(String segment, String... faults) {
        return zipWithTrait(segment, "divisor", faults);
    }

    /**
     * As {@link #zip}, with the fault files reading the trait {@code trait} instead of {@code divisor} or
     * {@code fault}: customers of other tests (or of earlier runs, which an activation's probes may meet) then never
     * trip it.
     */
    public static byte[] zipWithTrait(String segment, String trait, String... faults) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                "everyone.drl", read("everyone.drl").replace("SEGMENT", segment).getBytes(StandardCharsets.UTF_8));
        for (String fault : faults) {
            files.put(
                    fault,
                    read(fault)
                            .replace("\"divisor\"", "\"" + trait + "\"")
                            .replace("\"fault\"", "\"" + trait + "\"")
                            .getBytes(StandardCharsets.UTF_8));
        }
        return RuleSetArchive.zip(files);
    }

    /** Stores a revision; answers its id. */
    public static long upload(String name, byte[] zip) {
        return given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    public static ValidatableResponse activate(String name, long revision) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("revision", revision, "reason", "test"))
                .post("/admin/rule-sets/{name}/activations", name)
                .then();
    }

    /** Uploads and activates; answers the revision. */
    public static long uploadAndActivate(String name, byte[] zip) {
        long revision = upload(name, zip);
        activate(name, revision).statusCode(201);
        return revision;
    }

    /** A new customer of the given traits, stored in Redis; answers its id. */
    public static String customerWith(FactsStore facts, Map<String, Object> traits) {
        String id = "faulty-" + UUID.randomUUID();
        Instant now = Instant.now();
        facts.apply(new CustomerEvent(
                        "identify", UUID.randomUUID().toString(), id, id, null, null, null, Map.of(), traits, now, now))
                .await()
                .atMost(Duration.ofSeconds(5));
        return id;
    }

    /** A render of {@code customer} under {@code ruleSet}, which must answer 200. */
    public static JsonPath render(String customer, String ruleSet) {
        return given().queryParam("ruleSet", ruleSet)
                .get("/v1/decisions/{id}", customer)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The sum of a metric's samples whose labels include every one of {@code labels} (e.g. {@code ruleSet="x"}). */
    public static double metric(String name, String... labels) {
        String scraped =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        double sum = 0;
        Matcher sample = SAMPLE.matcher(scraped);
        while (sample.find()) {
            if (!sample.group(1).equals(name)) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= sample.group(2) != null && sample.group(2).contains(label);
            }
            if (all) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }

    private static String read(String file) {
        try (InputStream in = FaultyRuleSets.class.getResourceAsStream("/faulty-rules/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test rule file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
