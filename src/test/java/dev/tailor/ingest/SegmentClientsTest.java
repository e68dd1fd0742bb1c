package dev.tailor.ingest;

import static dev.tailor.testing.TopicReader.EVENTS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the real client libraries send: analytics.js posts {@code text/plain} to short paths ({@code /v1/t},
 * {@code /v1/b}); RudderStack's Node client gzips its batches, labels them {@code application/x-www-form-urlencoded}
 * and sends the write key as the HTTP Basic user name.
 */
@QuarkusTest
class SegmentClientsTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    /** Sends a form-labelled body as the bytes given, as RudderStack's client does, not as form fields. */
    private static final RestAssuredConfig RAW_FORM = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig()
                    .encodeContentTypeAs(FORM, ContentType.BINARY)
                    .appendDefaultContentCharsetToContentTypeIfUndefined(false));

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zipped = new GZIPOutputStream(out)) {
            zipped.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private CustomerEvent event(String value) {
        try {
            return json.readValue(value, CustomerEvent.class);
        } catch (IOException e) {
            throw new AssertionError("not a Tailor event: " + value, e);
        }
    }

    @Test
    void analyticsJsPostsTextPlainToItsShortPaths() {
        String customer = "ajs-" + UUID.randomUUID();
        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            given().contentType(ContentType.TEXT)
                    .body("""
                            {"type":"track","event":"Product Viewed","anonymousId":"%s","writeKey":"wk",
                             "properties":{"sku":"A-1"},"_metadata":{"bundled":["Segment.io"]}}""".formatted(customer))
                    .post("/v1/t")
                    .then()
                    .statusCode(200)
                    .body("success", equalTo(true));
            given().contentType(ContentType.TEXT)
                    .body("{\"anonymousId\":\"%s\",\"traits\":{\"first_name\":\"Ada\"}}".formatted(customer))
                    .post("/v1/i")
                    .then()
                    .statusCode(200);
            given().contentType(ContentType.TEXT)
                    .body("""
                            {"writeKey":"wk","sentAt":"2026-11-28T12:00:00Z","batch":[
                              {"type":"page","anonymousId":"%s","name":"Home"}]}""".formatted(customer))
                    .post("/v1/b")
                    .then()
                    .statusCode(200);

            assertThat(events.awaitMatching(record -> customer.equals(record.key()), 3))
                    .extracting(record -> event(record.value()).type())
                    .containsExactly("track", "identify", "page");
        }
    }

    @Test
    void rudderStacksGzippedFormLabelledBatchWithItsWriteKeyIsAccepted() {
        String customer = "rudder-" + UUID.randomUUID();
        byte[] body = gzip("""
                {"batch":[{"type":"track","userId":"%1$s","event":"Order Completed","messageId":"%1$s-1"},
                          {"type":"identify","userId":"%1$s","traits":{"email":"Ada@Example.com"}}],
                 "sentAt":"2026-11-28T12:00:00.000Z"}""".formatted(customer).getBytes(StandardCharsets.UTF_8));
        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            given().config(RAW_FORM)
                    .contentType(FORM)
                    .header("Content-Encoding", "gzip")
                    .auth()
                    .preemptive()
                    .basic(dev.tailor.security.TestApiKey.KEY, "")
                    .body(body)
                    .post("/v1/batch")
                    .then()
                    .statusCode(200)
                    .body("success", equalTo(true));

            assertThat(events.awaitMatching(record -> customer.equals(record.key()), 2))
                    .extracting(record -> event(record.value()).type())
                    .containsExactly("track", "identify");
        }
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesWithoutAContentEncoding() {
        String customer = "magic-" + UUID.randomUUID();
        byte[] body = gzip(
                "{\"userId\":\"%s\",\"event\":\"Zipped\"}".formatted(customer).getBytes(StandardCharsets.UTF_8));
        try (TopicReader events = new TopicReader(bootstrap, EVENTS)) {
            given().config(RAW_FORM)
                    .contentType(FORM)
                    .body(body)
                    .post("/v1/track")
                    .then()
                    .statusCode(200);

            assertThat(event(events.awaitMatching(record -> customer.equals(record.key()), 1)
                                    .get(0)
                                    .value())
                            .event())
                    .isEqualTo("Zipped");
        }
    }

    @Test
    void aZipBombStopsAtTheRequestLimit() {
        // 50 MB of spaces around a small call: about 50 KB gzipped.
        byte[] bomb = gzip(("{\"userId\":\"bomb\",\"event\":\"Boom\"" + " ".repeat(50 * 1024 * 1024) + "}")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan(500 * 1024);

        given().config(RAW_FORM)
                .contentType(FORM)
                .header("Content-Encoding", "gzip")
                .body(bomb)
                .post("/v1/track")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("body"))
                .body("detail", equalTo("decompresses to more than 500 KB; a request may be at most 500 KB"));
    }

    @Test
    void aBodyThatIsNotTheGzipItClaimsIsA400() {
        given().contentType(ContentType.JSON)
                .header("Content-Encoding", "gzip")
                .body("{\"userId\":\"1\",\"event\":\"Plain\"}")
                .post("/v1/track")
                .then()
                .statusCode(400)
                .body("field", equalTo("body"))
                .body("detail", equalTo("is not valid gzip"));

        given().contentType(ContentType.JSON)
                .header("Content-Encoding", "br")
                .body("{\"userId\":\"1\",\"event\":\"Plain\"}")
                .post("/v1/track")
                .then()
                .statusCode(400)
                .body("field", equalTo("Content-Encoding"));
    }

    @Test
    void aWriteKeyAsBasicUserNameIsAcceptedOnSingleCalls() {
        given().contentType(ContentType.JSON)
                .auth()
                .preemptive()
                .basic(dev.tailor.security.TestApiKey.KEY, "")
                .body("{\"userId\":\"basic-1\",\"event\":\"Signed In\"}")
                .post("/v1/track")
                .then()
                .statusCode(200)
                .body("success", equalTo(true));
    }
}
