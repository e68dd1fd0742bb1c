package dev.tailor.ingest.sendgrid;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks SendGrid's Signed Event Webhook: an ECDSA P-256 / SHA-256 signature over the timestamp header followed by
 * the raw body, made with the key whose public half is {@code tailor.webhooks.sendgrid.verification-key}. Does
 * nothing when no key is configured. Built at start-up so that a mistyped key stops the service instead of
 * refusing every webhook.
 */
@Startup
@ApplicationScoped
public class SendGridSignatureVerifier {

    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

    private final Optional<PublicKey> key;
    private final Duration maxAge;

    public SendGridSignatureVerifier(SendGridConfig config) {
        this.key = config.verificationKey().filter(value -> !value.isBlank()).map(SendGridSignatureVerifier::publicKey);
        this.maxAge = config.maxAge();
        if (key.isEmpty()) {
            Log.info(
                    "SendGrid webhook signatures are not verified: tailor.webhooks.sendgrid.verification-key is unset");
        }
    }

    /**
     * @param signature the {@value #SIGNATURE_HEADER} header: a base64 DER ECDSA signature
     * @param timestamp the {@value #TIMESTAMP_HEADER} header: unix seconds, signed as sent
     * @throws InvalidSignatureException when a key is configured and the request does not carry a fresh, valid
     *         signature of this body
     */
    public void verify(String signature, String timestamp, byte[] body, Instant now) {
        if (key.isEmpty()) {
            return;
        }
        if (signature == null || signature.isBlank()) {
            throw new InvalidSignatureException(
                    SIGNATURE_HEADER, "is required: this endpoint takes signed webhooks only");
        }
        if (timestamp == null || timestamp.isBlank()) {
            throw new InvalidSignatureException(
                    TIMESTAMP_HEADER, "is required: this endpoint takes signed webhooks only");
        }
        requireFresh(timestamp, now);
        byte[] der;
        try {
            der = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException(SIGNATURE_HEADER, "is not base64");
        }
        if (!matches(der, timestamp, body)) {
            throw new InvalidSignatureException(SIGNATURE_HEADER, "does not match the timestamp and body");
        }
    }

    /** The timestamp is signed too, so refusing old ones stops a captured request from being replayed later. */
    private void requireFresh(String timestamp, Instant now) {
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSignatureException(TIMESTAMP_HEADER, "must be unix seconds");
        }
        long nowSeconds = now.getEpochSecond();
        // Compared by bounds rather than by difference, which could overflow for absurd values.
        if (sentAt < nowSeconds - maxAge.toSeconds() || sentAt > nowSeconds + maxAge.toSeconds()) {
            throw new InvalidSignatureException(
                    TIMESTAMP_HEADER,
                    "is more than " + maxAge.toSeconds()
                            + " s away from now; a replayed or long-delayed request is refused");
        }
    }

    private boolean matches(byte[] der, String timestamp, byte[] body) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key.orElseThrow());
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body == null ? new byte[0] : body);
            return ecdsa.verify(der);
        } catch (SignatureException e) {
            // Not a DER ECDSA signature at all: as wrong as a signature that does not verify.
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot verify ECDSA signatures", e);
        }
    }

    /** SendGrid shows the key as bare base64; a PEM copy of it is accepted too. */
    static PublicKey publicKey(String configured) {
        String base64 =
                configured.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "tailor.webhooks.sendgrid.verification-key is not a base64 X.509 EC public key"
                            + " (copy it from SendGrid's Signed Event Webhook settings)",
                    e);
        }
    }
}
