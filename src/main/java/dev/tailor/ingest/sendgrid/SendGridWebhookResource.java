package dev.tailor.ingest.sendgrid;

import dev.tailor.ingest.EventPublisher;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/**
 * SendGrid's Event Webhook: delivery and engagement events become Segment e-mail events on the normal ingest path,
 * so they become facts (and bounces, complaints and unsubscribes suppressions, through the rules). Answers 200 only
 * after Kafka has acknowledged every event; anything else makes SendGrid resend the batch.
 */
@Path("/v1/webhooks/sendgrid")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class SendGridWebhookResource {

    /**
     * What a request came to.
     *
     * @param accepted events published
     * @param skipped events of a type Tailor does not take
     */
    public record Receipt(int accepted, int skipped) {}

    private final SendGridSignatureVerifier verifier;
    private final SendGridEventParser parser;
    private final EventPublisher publisher;

    public SendGridWebhookResource(SendGridSignatureVerifier verifier, SendGridEventParser parser,
            EventPublisher publisher) {
        this.verifier = verifier;
        this.parser = parser;
        this.publisher = publisher;
    }

    /** The body stays raw bytes: the signature covers them exactly as sent. */
    @POST
    public Uni<Receipt> receive(@HeaderParam(SendGridSignatureVerifier.SIGNATURE_HEADER) String signature,
            @HeaderParam(SendGridSignatureVerifier.TIMESTAMP_HEADER) String timestamp, byte[] body) {
        Instant now = Instant.now();
        verifier.verify(signature, timestamp, body, now);
        SendGridBatch batch = parser.parse(body, now);
        Receipt receipt = new Receipt(batch.events().size(), batch.skipped());
        if (batch.events().isEmpty()) {
            return Uni.createFrom().item(receipt);
        }
        return publisher.publish(batch.events()).replaceWith(receipt);
    }
}
