package dev.tailor.ingest.sendgrid;

import static dev.tailor.ingest.sendgrid.SendGridSignatureVerifier.SIGNATURE_HEADER;
import static dev.tailor.ingest.sendgrid.SendGridSignatureVerifier.TIMESTAMP_HEADER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** SendGrid's Signed Event Webhook: with a verification key configured, only validly signed requests get in. */
@QuarkusTest
@TestProfile(SendGridSignedWebhookTest.Signed.class)
class SendGridSignedWebhookTest {

    /**
     * Configures a freshly generated key pair's public half as the verification key. The private half travels in
     * the same configuration because the profile and the test class may be loaded by different class loaders, so a
     * static field would not be shared between them.
     */
    public static class Signed implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            KeyPair pair = SendGridSigner.newKeyPair();
            return Map.of(
                    "tailor.webhooks.sendgrid.verification-key", SendGridSigner.verificationKey(pair),
                    "sendgrid-test.signing-key", SendGridSigner.encode(pair.getPrivate()));
        }
    }

    @ConfigProperty(name = "sendgrid-test.signing-key")
    String signingKey;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private PrivateKey sendGrid() {
        return SendGridSigner.decode(signingKey);
    }

    private static String now() {
        return String.valueOf(Instant.now().getEpochSecond());
    }

    private static String openedBy(String email) {
        return "[{\"event\":\"open\",\"email\":\"" + email + "\",\"timestamp\":" + now() + ",\"sg_event_id\":\""
                + UUID.randomUUID() + "\"}]";
    }

    /** Bytes, not a string, so that what is posted is exactly what was signed. */
    private static ValidatableResponse post(String body, String signature, String timestamp) {
        var request = given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request.header(SIGNATURE_HEADER, signature);
        }
        if (timestamp != null) {
            request.header(TIMESTAMP_HEADER, timestamp);
        }
        return request.post("/v1/webhooks/sendgrid").then();
    }

    @Test
    void aValidSignatureIsAcceptedAndTheEventPublished() {
        String email = "sg-signed-" + UUID.randomUUID() + "@example.com";
        String body = openedBy(email);
        String timestamp = now();

        try (TopicReader topic = new TopicReader(bootstrap, TopicReader.EVENTS)) {
            post(body, SendGridSigner.sign(sendGrid(), timestamp, body), timestamp)
                    .statusCode(200)
                    .body("accepted", equalTo(1));

            assertThat(topic.awaitMatching(TopicReader.keyedBy(email), 1)).hasSize(1);
        }
    }

    @Test
    void aWrongSignatureIsA401Problem() {
        String body = openedBy("sg-forged@example.com");
        String timestamp = now();
        String forged = SendGridSigner.sign(SendGridSigner.newKeyPair().getPrivate(), timestamp, body);

        post(body, forged, timestamp)
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:tailor:problem:invalid-signature"))
                .body("status", equalTo(401))
                .body("field", equalTo(SIGNATURE_HEADER))
                .body("detail", equalTo("does not match the timestamp and body"));
    }

    @Test
    void aTamperedBodyIsA401Problem() {
        String body = openedBy("sg-tampered@example.com");
        String timestamp = now();
        String signature = SendGridSigner.sign(sendGrid(), timestamp, body);

        post(body.replace("\"open\"", "\"spamreport\""), signature, timestamp)
                .statusCode(401)
                .body("field", equalTo(SIGNATURE_HEADER));
    }

    @Test
    void anUnsignedRequestIsA401Problem() {
        post(openedBy("sg-unsigned@example.com"), null, null)
                .statusCode(401)
                .contentType("application/problem+json")
                .body("field", equalTo(SIGNATURE_HEADER));
    }

    @Test
    void aValidlySignedButOldRequestIsRefusedAsAReplay() {
        String body = openedBy("sg-replayed@example.com");
        String hourAgo = String.valueOf(Instant.now().getEpochSecond() - 3600);

        post(body, SendGridSigner.sign(sendGrid(), hourAgo, body), hourAgo)
                .statusCode(401)
                .body("field", equalTo(TIMESTAMP_HEADER));
    }
}
