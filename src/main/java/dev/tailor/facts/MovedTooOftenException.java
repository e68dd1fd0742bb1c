package dev.tailor.facts;

/**
 * An event whose customer id was still answered "moved" after {@link ApplyEvents#MAX_MOVES} moves: the links form a
 * loop or a chain longer than merges make, or they kept changing while the event followed them. Like any failure not
 * known to be the event's own, the consumer tries the event a few times more and then dead-letters it. The message
 * names the messageId's digest, not the customers (personal data stays out of logs).
 */
public class MovedTooOftenException extends IllegalStateException {

    MovedTooOftenException(String messageDigest) {
        super("apply-event: the event with messageId digest " + messageDigest + " still moved after "
                + ApplyEvents.MAX_MOVES + " moves to the customer its id was merged into");
    }
}
