package dev.tailor.ingest.sendgrid;

import java.util.Map;
import java.util.Optional;

/**
 * Which Segment e-mail event each SendGrid Event Webhook event becomes; the table in docs/esp-contract.md mirrors this
 * one.
 */
final class SendGridEventNames {

    /**
     * A block is the receiving server refusing the message for the sender's reputation or content, not for the
     * address; it is kept apart from "Email Bounced" so that it does not suppress the customer as a hard bounce does.
     */
    static final String EMAIL_BLOCKED = "Email Blocked";

    private static final Map<String, String> SEGMENT_EVENTS = Map.ofEntries(
            Map.entry("processed", "Email Sent"),
            Map.entry("delivered", "Email Delivered"),
            Map.entry("deferred", "Email Delivery Deferred"),
            Map.entry("dropped", "Email Dropped"),
            Map.entry("bounce", "Email Bounced"),
            Map.entry("open", "Email Opened"),
            Map.entry("click", "Email Link Clicked"),
            Map.entry("spamreport", "Email Marked as Spam"),
            Map.entry("unsubscribe", "Unsubscribed"),
            // Segment's Unsubscribed covers leaving one list too; asm_group_id says which.
            Map.entry("group_unsubscribe", "Unsubscribed"),
            // The Segment spec has no name for it; this one mirrors Unsubscribed.
            Map.entry("group_resubscribe", "Resubscribed"));

    private SendGridEventNames() {}

    /**
     * @param sendGridEvent the event's {@code event} field
     * @param bounceType the event's {@code type} field: {@code bounce} or {@code blocked} on bounce events
     * @return the Segment event name, or empty for an event type Tailor does not take
     */
    static Optional<String> segmentEvent(String sendGridEvent, String bounceType) {
        if ("bounce".equals(sendGridEvent) && "blocked".equals(bounceType)) {
            return Optional.of(EMAIL_BLOCKED);
        }
        return Optional.ofNullable(SEGMENT_EVENTS.get(sendGridEvent));
    }
}
