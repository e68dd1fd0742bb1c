package dev.tailor.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One Segment Spec call as Tailor keeps it in {@code tailor.events.v1}, keyed by {@link #customerId()}.
 *
 * @param type identify, track, page, screen, group or alias
 * @param customerId the id facts are kept under: userId when known, else anonymousId
 * @param event the event name facts are counted under (track: its event; page: "Page Viewed"; screen: "Screen Viewed")
 * @param traits the call's traits, normalised at HTTP ingest by {@link dev.tailor.hygiene.TraitNormalizer}
 * @param timestamp when it happened, corrected for the sender's clock skew with sentAt
 * @param receivedAt when Tailor accepted it
 * @param schemaVersion the version of this record's format, {@value #SCHEMA_VERSION} when written; records written
 *     before the field existed read as null, i.e. version 1 (no {@code extra})
 * @param declaredVersion the version the sender declared for its own tracking plan (the call's {@code schemaVersion}
 *     or {@code version}), if any
 * @param extra every other field of the call as sent (context, integrations, sentAt, name, groupId, fields
 *     Tailor does not know), so that nothing the sender sent is lost from the log
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CustomerEvent(
        String type,
        String messageId,
        String customerId,
        String userId,
        String anonymousId,
        String previousId,
        String event,
        Map<String, Object> properties,
        Map<String, Object> traits,
        Instant timestamp,
        Instant receivedAt,
        Integer schemaVersion,
        String declaredVersion,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extra) {

    public static final String PAGE_VIEWED = "Page Viewed";
    public static final String SCREEN_VIEWED = "Screen Viewed";
    /**
     * The field of {@code extra} that says the call came with a key trusted with identities (the identity scope);
     * set by Tailor at ingest only, a sender's own is dropped.
     */
    public static final String IDENTITY_TRUSTED = "tailorIdentityTrusted";
    /** Version 2 added schemaVersion, declaredVersion and extra. */
    public static final int SCHEMA_VERSION = 2;

    @JsonCreator
    public CustomerEvent {}

    /** An event made by Tailor itself (webhooks, tests), in the current format, with nothing extra. */
    public CustomerEvent(
            String type,
            String messageId,
            String customerId,
            String userId,
            String anonymousId,
            String previousId,
            String event,
            Map<String, Object> properties,
            Map<String, Object> traits,
            Instant timestamp,
            Instant receivedAt) {
        this(
                type,
                messageId,
                customerId,
                userId,
                anonymousId,
                previousId,
                event,
                properties,
                traits,
                timestamp,
                receivedAt,
                SCHEMA_VERSION,
                null,
                null);
    }

    /**
     * When Tailor accepted the event, for comparing with an erasure: receivedAt, or for records written before that
     * field existed, when it happened.
     */
    @JsonIgnore // derived, not part of the logged record
    public Instant acceptedAt() {
        return receivedAt == null ? timestamp : receivedAt;
    }

    /** Whether the call's key may merge known customers ({@link #IDENTITY_TRUSTED}). */
    @JsonIgnore
    public boolean identityTrusted() {
        return extra != null && Boolean.TRUE.equals(extra.get(IDENTITY_TRUSTED));
    }

    /** The same event, marked as sent with a key trusted with identities. */
    public CustomerEvent identityTrustedCopy() {
        Map<String, Object> marked = new java.util.LinkedHashMap<>(extra == null ? Map.of() : extra);
        marked.put(IDENTITY_TRUSTED, true);
        return new CustomerEvent(
                type,
                messageId,
                customerId,
                userId,
                anonymousId,
                previousId,
                event,
                properties,
                traits,
                timestamp,
                receivedAt,
                schemaVersion,
                declaredVersion,
                java.util.Collections.unmodifiableMap(marked));
    }

    /** The same event in the current format, with other properties. */
    public CustomerEvent upgraded(Map<String, Object> upgradedProperties) {
        return new CustomerEvent(
                type,
                messageId,
                customerId,
                userId,
                anonymousId,
                previousId,
                event,
                upgradedProperties,
                traits,
                timestamp,
                receivedAt,
                SCHEMA_VERSION,
                declaredVersion,
                extra);
    }

    /** Whether a record read from the log has what applying it needs; the consumer dead-letters one that has not. */
    public static boolean isComplete(CustomerEvent event) {
        return event != null
                && event.type() != null
                && event.customerId() != null
                && event.messageId() != null
                && event.timestamp() != null;
    }
}
