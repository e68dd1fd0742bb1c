package dev.tailor.ingest.sendgrid;

import dev.tailor.events.CustomerEvent;
import dev.tailor.ingest.RefusedCall;
import java.util.List;

/**
 * One Event Webhook request read into Tailor events.
 *
 * @param events the events to publish, in the request's order
 * @param skipped how many events were of a type Tailor does not take
 * @param refused the events Tailor takes but refused, with why, for the dead-letter topic
 */
public record SendGridBatch(List<CustomerEvent> events, int skipped, List<RefusedCall> refused) {

    public SendGridBatch {
        events = List.copyOf(events);
        refused = List.copyOf(refused);
    }
}
