package dev.tailor.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.facts.FactsStore;
import dev.tailor.testing.HostileServices;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus (src/test/resources/hostile) posted to {@code /v1/track} and {@code /v1/batch}: every answer is
 * 200 with the call applied and readable, or a 4xx problem+json naming a field, never a 5xx or a hang, and Redis
 * answers PING quickly after each.
 */
@QuarkusTest
@TestProfile(HostileServices.Profile.class)
class HostileCorpusTest {

    private static final String CORPUS = "/hostile/";
    /** A hang fails the test instead of holding the build. */
    private static final int ANSWER_WITHIN_MS = 60_000;
    /** A Redis stuck in a script does not answer at all; a healthy one answers in well under a millisecond. */
    private static final Duration PING_WITHIN = Duration.ofMillis(250);

    @Inject
    FactsStore facts;

    @Inject
    ObjectMapper json;

    static Stream<String> cases() {
        return expected().stringPropertyNames().stream().sorted();
    }

    private static Properties expected() {
        Properties expected = new Properties();
        try (InputStream in = HostileCorpusTest.class.getResourceAsStream(CORPUS + "expected.properties")) {
            expected.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expected;
    }

    private static byte[] resource(String name) {
        try (InputStream in = HostileCorpusTest.class.getResourceAsStream(CORPUS + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gunzip(byte[] packed) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] inBatch(byte[] call) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream(call.length + 16);
        batch.writeBytes("{\"batch\":[".getBytes(StandardCharsets.US_ASCII));
        batch.writeBytes(call);
        batch.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return batch.toByteArray();
    }

    private static RequestSpecification request() {
        return given().config(RestAssured.config()
                        .httpClient(HttpClientConfig.httpClientConfig()
                                .setParam("http.socket.timeout", ANSWER_WITHIN_MS)
                                .setParam("http.connection.timeout", ANSWER_WITHIN_MS)))
                .contentType("application/json");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eachCaseIsAppliedOrRefusedNamingAFieldAndRedisStaysResponsive(String name) {
        byte[] file = resource(name);
        boolean gzip = name.endsWith(".gz") && !name.endsWith(".packed.gz");
        byte[] call = name.endsWith(".packed.gz") ? gunzip(file) : file;
        String expected = expected().getProperty(name);

        Response single = post("/v1/track", gzip, call);
        if ("200".equals(expected)) {
            assertThat(single.statusCode()).as(name).isEqualTo(200);
        } else {
            assertRefused(name, single);
            assertThat(single.jsonPath().getString("field")).as(name).isEqualTo(expected);
        }
        Response batch = post("/v1/batch", gzip, gzip ? call : inBatch(call));
        if (batch.statusCode() != 200) {
            assertRefused(name, batch);
        }
        assertThat(HostileServices.ping(PING_WITHIN))
                .as("Redis answers PING after " + name)
                .isEqualTo("+PONG");

        int accepted = (single.statusCode() == 200 ? 1 : 0) + (batch.statusCode() == 200 ? 1 : 0);
        if (accepted > 0) {
            String customer = customerOf(call);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> facts.read(customer, Instant.now())
                                    .await()
                                    .atMost(Duration.ofSeconds(5))
                                    .getVersion()
                            == accepted);
            assertThat(HostileServices.ping(PING_WITHIN))
                    .as("Redis answers PING after applying " + name)
                    .isEqualTo("+PONG");
        }
    }

    private static Response post(String path, boolean gzip, byte[] body) {
        RequestSpecification request = request().body(body);
        if (gzip) {
            request = request.header("Content-Encoding", "gzip");
        }
        return request.post(path).andReturn();
    }

    private static void assertRefused(String name, Response answer) {
        assertThat(answer.statusCode()).as(name + ": " + answer.asString()).isBetween(400, 499);
        assertThat(answer.contentType()).as(name).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("field")).as(name).isNotBlank();
    }

    /** The customer an accepted call counts for: its userId as Tailor reads it (the last of duplicate keys). */
    private String customerOf(byte[] call) {
        try {
            JsonNode node = json.readTree(call);
            return node.path("userId").asText().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
