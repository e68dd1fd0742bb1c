package dev.tailor.shared;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * HTTP metrics are labelled with route templates, never raw paths: refusals on paths that carry customer ids put no
 * id into the open /q/metrics, and they cannot use up Micrometer's 100 uri labels, after which every new endpoint's
 * metrics would be dropped.
 */
@QuarkusTest
class MetricsLabelsTest {

    private static final Pattern URI_LABEL =
            Pattern.compile("^http_server_requests_seconds_count\\{.*uri=\"([^\"]*)\"", Pattern.MULTILINE);

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static Set<String> uriLabels(String metrics) {
        Matcher matcher = URI_LABEL.matcher(metrics);
        return matcher.results().map(result -> result.group(1)).collect(Collectors.toSet());
    }

    @Test
    void refusalsOnPathsWithIdsLeaveNoIdInTheMetricsAndNewEndpointsStillGetTheirs() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = IntStream.range(0, 150)
                .mapToObj(i -> "leak-" + run + "-" + i + "@example.com")
                .toList();
        for (String id : ids) {
            given().delete("/v1/decisions/{id}", id).then().statusCode(405);
        }
        for (String id : ids.subList(0, 20)) {
            given().get("/customers/{id}", id).then().statusCode(404);
            given().accept("application/xml")
                    .get("/v1/decisions/{id}", id)
                    .then()
                    .statusCode(406);
            given().contentType("text/plain")
                    .body("x")
                    .post("/admin/identities/{id}", id)
                    .then()
                    .statusCode(either(is(404)).or(is(405)));
        }

        String after = metrics();
        assertThat(after).doesNotContain("leak-" + run);
        assertThat(uriLabels(after)).allSatisfy(uri -> assertThat(uri).doesNotContain("@"));

        // An endpoint answered for the first time after the refusals is still measured, under its template.
        given().get("/admin/identities/{identifier}", "metrics-" + run).then().statusCode(lessThan(500));
        assertThat(uriLabels(metrics()))
                .contains("/admin/identities/{identifier}")
                .hasSizeLessThan(100);
    }
}
