package dev.tailor.ingest;

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
        Instant receivedAt) {

    public static final String PAGE_VIEWED = "Page Viewed";
    public static final String SCREEN_VIEWED = "Screen Viewed";
}
