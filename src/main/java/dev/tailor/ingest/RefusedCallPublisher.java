package dev.tailor.ingest;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Writes refused calls to the dead-letter topic {@code tailor.events.dlq.v1} as sent, keyed by customer id (or
 * {@value RefusedCall#UNKNOWN_CUSTOMER}), with the reason in headers, so that nothing a sender posted is silently
 * lost: they can be inspected, fixed and replayed. The returned {@link Uni} completes once Kafka has acknowledged
 * every one; until then the sender gets no answer, and a 503 if Kafka does not.
 */
@ApplicationScoped
public class RefusedCallPublisher {

    /** Header with every offending field, as {@code field: detail; ...}. */
    public static final String REASON_HEADER = "dead-letter-reason";
    /** Header telling where a dead letter comes from: {@value #SOURCE} for calls refused at the HTTP entry. */
    public static final String SOURCE_HEADER = "dead-letter-source";

    public static final String SOURCE = "ingest";
    /** Header with the call's place where it came from: its index in the batch, or its line in an imported file. */
    public static final String INDEX_HEADER = "dead-letter-index";

    private final MutinyEmitter<String> emitter;
    private final IngestConfig config;

    public RefusedCallPublisher(
            @Channel("refused-events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
                    MutinyEmitter<String> emitter,
            IngestConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    public Uni<Void> publish(List<RefusedCall> refused) {
        return publish(refused, SOURCE);
    }

    /** @param source what refused them, for the {@value #SOURCE_HEADER} header, e.g. {@code import 12} */
    public Uni<Void> publish(List<RefusedCall> refused, String source) {
        List<Uni<Void>> acks = refused.stream()
                .map(call -> emitter.sendMessage(deadLetter(call, source)))
                .toList();
        return KafkaAcknowledgements.all(acks, config.publishTimeout(), "refused call(s)");
    }

    private static Message<String> deadLetter(RefusedCall call, String source) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(call.customerId())
                .addHeaders(
                        header(REASON_HEADER, call.reason()),
                        header(SOURCE_HEADER, source),
                        header(INDEX_HEADER, Integer.toString(call.index())))
                .build();
        return Message.of(call.json()).addMetadata(metadata);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
