package dev.tailor.ingest.sendgrid;

import static dev.tailor.ingest.sendgrid.SendGridSignatureVerifier.SIGNATURE_HEADER;
import static dev.tailor.ingest.sendgrid.SendGridSignatureVerifier.TIMESTAMP_HEADER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The Signed Event Webhook check without the server: valid, tampered, stale and unsigned requests. */
class SendGridSignatureVerifierTest {

    private static final Instant NOW = Instant.parse("2026-06-15T12:30:00Z");
    private static final String BODY = "[{\"event\":\"open\",\"email\":\"a@example.com\",\"timestamp\":1781526600}]";

    private final KeyPair sendGrid = SendGridSigner.newKeyPair();
    private final SendGridSignatureVerifier verifier = new SendGridSignatureVerifier(
            TestSendGridConfig.defaults().withVerificationKey(SendGridSigner.verificationKey(sendGrid)));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRefused(ThrowingCallable call, String header, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidSignatureException.class, e -> {
            assertThat(e.header()).isEqualTo(header);
            assertThat(e.detail()).startsWith(detail);
        });
    }

    @Test
    void aSignatureOverTimestampAndBodyIsAccepted() {
        String timestamp = String.valueOf(NOW.getEpochSecond() - 30);
        String signature = SendGridSigner.sign(sendGrid.getPrivate(), timestamp, BODY);

        assertThatCode(() -> verifier.verify(signature, timestamp, bytes(BODY), NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void aChangedBodyOrTimestampOrAnotherKeyIsRefused() {
        String timestamp = String.valueOf(NOW.getEpochSecond());
        String signature = SendGridSigner.sign(sendGrid.getPrivate(), timestamp, BODY);
        String otherKeys = SendGridSigner.sign(SendGridSigner.newKeyPair().getPrivate(), timestamp, BODY);

        assertRefused(
                () -> verifier.verify(signature, timestamp, bytes(BODY.replace("open", "click")), NOW),
                SIGNATURE_HEADER,
                "does not match");
        assertRefused(
                () -> verifier.verify(signature, String.valueOf(NOW.getEpochSecond() - 1), bytes(BODY), NOW),
                SIGNATURE_HEADER,
                "does not match");
        assertRefused(
                () -> verifier.verify(otherKeys, timestamp, bytes(BODY), NOW), SIGNATURE_HEADER, "does not match");
        assertRefused(
                () -> verifier.verify("bm90IGEgc2lnbmF0dXJl", timestamp, bytes(BODY), NOW),
                SIGNATURE_HEADER,
                "does not match");
        assertRefused(() -> verifier.verify("%%%", timestamp, bytes(BODY), NOW), SIGNATURE_HEADER, "is not base64");
    }

    @Test
    void aMissingHeaderIsRefused() {
        String timestamp = String.valueOf(NOW.getEpochSecond());
        String signature = SendGridSigner.sign(sendGrid.getPrivate(), timestamp, BODY);

        assertRefused(() -> verifier.verify(null, timestamp, bytes(BODY), NOW), SIGNATURE_HEADER, "is required");
        assertRefused(() -> verifier.verify(signature, null, bytes(BODY), NOW), TIMESTAMP_HEADER, "is required");
        assertRefused(
                () -> verifier.verify(signature, "yesterday", bytes(BODY), NOW),
                TIMESTAMP_HEADER,
                "must be unix seconds");
    }

    @Test
    void aWellSignedButOldOrFutureRequestIsRefusedAsAReplay() {
        for (long offset : new long[] {-601, 601, Long.MIN_VALUE / 2}) {
            String timestamp = String.valueOf(NOW.getEpochSecond() + offset);
            String signature = SendGridSigner.sign(sendGrid.getPrivate(), timestamp, BODY);

            assertRefused(
                    () -> verifier.verify(signature, timestamp, bytes(BODY), NOW),
                    TIMESTAMP_HEADER,
                    "is more than 600 s away from now");
        }
    }

    @Test
    void withoutAKeyNothingIsChecked() {
        SendGridSignatureVerifier unconfigured = new SendGridSignatureVerifier(TestSendGridConfig.defaults());

        assertThatCode(() -> unconfigured.verify(null, null, bytes(BODY), NOW)).doesNotThrowAnyException();
    }

    @Test
    void aKeyInPemFormIsReadAndAMistypedKeyStopsStartUp() {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + SendGridSigner.verificationKey(sendGrid)
                + "\n-----END PUBLIC KEY-----\n";
        assertThatCode(() -> SendGridSignatureVerifier.publicKey(pem)).doesNotThrowAnyException();

        assertThatThrownBy(() -> new SendGridSignatureVerifier(
                        TestSendGridConfig.defaults().withVerificationKey("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tailor.webhooks.sendgrid.verification-key");
    }
}
