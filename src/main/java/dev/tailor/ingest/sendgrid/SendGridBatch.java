package dev.tailor.ingest.sendgrid;

import dev.tailor.ingest.CustomerEvent;
import java.util.List;

/**
 * One Event Webhook request read into Tailor events.
 *
 * @param events the events to publish, in the request's order
 * @param skipped how many events were of a type Tailor does not take
 */
public record SendGridBatch(List<CustomerEvent> events, int skipped) {}
