package dev.tailor.ingest.sendgrid;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the SendGrid Event Webhook endpoint, {@code POST /v1/webhooks/sendgrid}. */
@ConfigMapping(prefix = "tailor.webhooks.sendgrid")
public interface SendGridConfig {

    /**
     * The verification key of SendGrid's Signed Event Webhook (Settings → Mail Settings → Event Webhook), as SendGrid
     * shows it: a base64 X.509 (SubjectPublicKeyInfo) ECDSA P-256 public key. When set, every request must carry a
     * valid signature; when absent, requests are not verified.
     */
    Optional<String> verificationKey();

    /** The custom argument (unique arg) that carries Tailor's customer id; events without it are keyed by e-mail. */
    @WithDefault("userId")
    String customerIdArg();

    /** How far a signed request's timestamp may be from now before it is refused as a replay. */
    @WithDefault("10m")
    Duration maxAge();
}
