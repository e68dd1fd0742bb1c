package dev.tailor.ingest.sendgrid;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tailor.ingest.EventPublisher;
import dev.tailor.ingest.IngestReceipt;
import dev.tailor.ingest.RefusedCallPublisher;
import dev.tailor.shared.vertx.OffTheEventLoop;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/**
 * SendGrid's Event Webhook: delivery and engagement events become Segment e-mail events on the normal ingest path,
 * so they become facts (and bounces, complaints and unsubscribes suppressions, through the rules). An event Tailor
 * cannot take (a field missing, an implausible time or number) is refused alone and written to the dead-letter topic
 * with its reason, as refused Segment calls are. Answers 200, listing the refused events, only after Kafka has
 * acknowledged every event and dead letter; anything else makes SendGrid resend the batch. A request holding only
 * refused events is answered 200 too: SendGrid resends any other answer for a day, which cannot make them acceptable
 * and would only write their dead letters again.
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
     * @param refused events refused and dead-lettered, with the fields at fault (left out when none)
     */
    public record Receipt(
            int accepted,
            int skipped,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<IngestReceipt.Refusal> refused) {}

    /** What the dead letters of refused events say refused them. */
    static final String DEAD_LETTER_SOURCE = "sendgrid";

    private final SendGridSignatureVerifier verifier;
    private final SendGridEventParser parser;
    private final EventPublisher publisher;
    private final RefusedCallPublisher deadLetters;

    public SendGridWebhookResource(
            SendGridSignatureVerifier verifier,
            SendGridEventParser parser,
            EventPublisher publisher,
            RefusedCallPublisher deadLetters) {
        this.verifier = verifier;
        this.parser = parser;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
    }

    /**
     * The body stays raw bytes: the signature covers them exactly as sent. Checked and read on a worker thread, as
     * ingest's requests are ({@link OffTheEventLoop}): that is CPU which renders on the event loop must not queue
     * behind.
     */
    @POST
    public Uni<Receipt> receive(
            @HeaderParam(SendGridSignatureVerifier.SIGNATURE_HEADER) String signature,
            @HeaderParam(SendGridSignatureVerifier.TIMESTAMP_HEADER) String timestamp,
            byte[] body) {
        return OffTheEventLoop.run(
                () -> {
                    Instant now = Instant.now();
                    verifier.verify(signature, timestamp, body, now);
                    return parser.parse(body, now);
                },
                this::publish);
    }

    private Uni<Receipt> publish(SendGridBatch batch) {
        Receipt receipt = new Receipt(
                batch.events().size(),
                batch.skipped(),
                batch.refused().stream().map(IngestReceipt.Refusal::of).toList());
        if (!batch.refused().isEmpty()) {
            // Fields and details only: they never quote the values sent, which hold e-mail addresses.
            Log.warnf(
                    "SendGrid webhook: accepted %d event(s), refused %d: %s",
                    batch.events().size(),
                    batch.refused().size(),
                    batch.refused().get(0).reason());
        }
        return Uni.combine()
                .all()
                .unis(publisher.publish(batch.events()), deadLetters.publish(batch.refused(), DEAD_LETTER_SOURCE))
                .discardItems()
                .replaceWith(receipt);
    }
}
