package dev.tailor.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.schema.EventUpgrader;
import dev.tailor.shared.error.Problem.FieldError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The limits beyond the Segment Spec that every way into the facts applies, so that nothing reaches Redis that its
 * encodings cannot hold: HTTP ingest and bulk import (through {@link SegmentCallReader}), the SendGrid webhook, and
 * on the consuming side the consumer, replay and back-fill, which read records that older versions, or anyone with
 * access to the topic, may have written.
 *
 * <ul>
 *   <li><b>Times</b> ({@code timestamp}, {@code originalTimestamp}, {@code sentAt}, the skew-corrected time, and a
 *       logged record's {@code receivedAt}) lie from {@value #EARLIEST_TEXT} to {@code tailor.ingest.max-future}
 *       after now. Refused at an entry (400 naming the field); a logged record outside is dead-lettered.</li>
 *   <li><b>Numbers</b> anywhere in properties or traits are finite 64-bit floats ({@code 1e400} is not). Refused at an
 *       entry; on the log such a value can only matter in a sum, see below.</li>
 *   <li><b>Summed properties</b> (an event's {@code sum:} in facts.yaml, also under a former name) are a number, or a
 *       string holding one, of magnitude at most {@value #MAX_SUM_TEXT}; null or a blank string adds nothing. Refused
 *       at an entry. On the consuming side the value is left out of the sum and the event is applied otherwise: a sum
 *       declared after an event was logged must not turn that event into poison.</li>
 *   <li><b>Ids</b> ({@code userId}, {@code anonymousId}, {@code previousId}, {@code groupId}, a record's
 *       {@code customerId}) do not begin with {@code "}"}: a customer's Redis keys carry its id as their hash tag,
 *       {@code tailor:c:{<id>}}, and an id beginning with {@code "}"} makes that tag empty, so the customer's keys
 *       would land in different slots of a Redis Cluster. Refused at an entry; a logged record is dead-lettered.</li>
 *   <li><b>Records</b> on the log are at most twice {@code tailor.ingest.max-event-size} (ingest never writes one
 *       larger), JSON, with type, customerId, messageId and timestamp; any other is dead-lettered.</li>
 * </ul>
 */
@ApplicationScoped
public class EventPlausibility {

    static final String EARLIEST_TEXT = "2000-01-01T00:00:00Z";
    /** No event is older: the time encodings of the facts are defined from here on, never before 1970. */
    public static final Instant EARLIEST = Instant.parse(EARLIEST_TEXT);

    static final String MAX_SUM_TEXT = "1e15";
    /** The largest magnitude added to a sum: well within the 2^53 where a double still holds every integer. */
    public static final double MAX_SUM = 1e15;

    private final IngestConfig config;
    private final TrackedFacts tracked;
    private final EventUpgrader upgrader;
    private final ObjectMapper json;
    private final Counter dropped;

    public EventPlausibility(
            IngestConfig config,
            TrackedFacts tracked,
            EventUpgrader upgrader,
            ObjectMapper json,
            MeterRegistry metrics) {
        this.config = config;
        this.tracked = tracked;
        this.upgrader = upgrader;
        this.json = json;
        this.dropped = metrics.counter("tailor.events.sums-dropped");
    }

    /** The latest time an event may have when Tailor's clock reads {@code now}. */
    public Instant latest(Instant now) {
        return now.plus(config.maxFuture());
    }

    /** What is wrong with {@code time} as an event time at {@code now}, if anything. */
    public Optional<String> timeProblem(Instant time, Instant now) {
        if (time.isBefore(EARLIEST)) {
            return Optional.of("is " + time + ", before " + EARLIEST_TEXT + ", the earliest time Tailor takes");
        }
        Instant latest = latest(now);
        if (time.isAfter(latest)) {
            return Optional.of("is " + time + ", more than " + FactSchema.describe(config.maxFuture())
                    + " ahead of Tailor's clock; the latest time Tailor takes is "
                    + latest.truncatedTo(ChronoUnit.SECONDS));
        }
        return Optional.empty();
    }

    /** What is wrong with {@code id} as a customer's or an identifier's id, if anything. */
    public static Optional<String> idProblem(String id) {
        if (id != null && id.startsWith("}")) {
            return Optional.of("must not begin with '}': a customer's Redis keys carry its id between braces, as the"
                    + " hash tag that keeps them in one slot of a Redis Cluster");
        }
        return Optional.empty();
    }

    /** Adds an error naming {@code field} when {@code time} is set and implausible; answers whether it was fine. */
    public boolean checkTime(String field, Instant time, Instant now, List<FieldError> errors) {
        Optional<String> problem = time == null ? Optional.empty() : timeProblem(time, now);
        problem.ifPresent(detail -> errors.add(new FieldError(field, detail)));
        return problem.isEmpty();
    }

    /** Unix seconds as an event time, or null after adding an error naming {@code field} when implausible. */
    public Instant epochSeconds(String field, long seconds, Instant now, List<FieldError> errors) {
        // Compared as numbers first: Instant.ofEpochSecond throws beyond year 1,000,000,000.
        if (seconds < EARLIEST.getEpochSecond() || seconds > latest(now).getEpochSecond()) {
            long shown = Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds));
            errors.add(new FieldError(
                    field, timeProblem(Instant.ofEpochSecond(shown), now).orElse("is not a plausible time")));
            return null;
        }
        return Instant.ofEpochSecond(seconds);
    }

    /**
     * Checks the numbers of an event read at an entry: every number in its properties and traits, and the properties
     * the tracked facts sum. Each offending value is named, e.g. {@code batch[3].properties.revenue}.
     *
     * @param at the prefix of the call's fields in error messages
     */
    public void checkValues(
            String at,
            String event,
            Map<String, Object> properties,
            Map<String, Object> traits,
            List<FieldError> errors) {
        finite(at + "properties", properties, errors);
        finite(at + "traits", traits, errors);
        if (event == null || properties == null) {
            return;
        }
        FactSchema schema = tracked.schema();
        properties.forEach((name, value) -> {
            if (summed(schema, event, name)) {
                sumProblem(value)
                        .ifPresent(detail -> errors.add(new FieldError(
                                at + "properties." + name, "is summed by the facts of \"" + event + "\"; " + detail)));
            }
        });
    }

    /**
     * Reads a record of the event log as an event to apply, with the values {@code schema} sums that it cannot sum
     * left out.
     *
     * @throws UnreadableEventException with the reason when the record cannot be applied at all
     */
    public CustomerEvent logged(String payload, FactSchema schema, Instant now) {
        if (payload == null) {
            throw new UnreadableEventException("Record has no value");
        }
        long limit = 2 * config.maxEventSize().asLongValue();
        if (payload.length() > limit) {
            throw new UnreadableEventException(
                    "Record is " + payload.length() + " characters; ingest writes at most " + limit);
        }
        CustomerEvent event;
        try {
            event = json.readValue(payload, CustomerEvent.class);
        } catch (IOException | RuntimeException e) {
            // The parser's message quotes the payload, which may hold personal data: name only the failure's kind.
            throw new UnreadableEventException(
                    "Not a Tailor event (" + e.getClass().getSimpleName() + ")");
        }
        if (!CustomerEvent.isComplete(event)) {
            throw new UnreadableEventException("Event lacks type, customerId, messageId or timestamp");
        }
        List<FieldError> errors = new ArrayList<>();
        idProblem(event.customerId()).ifPresent(detail -> errors.add(new FieldError("customerId", detail)));
        idProblem(event.userId()).ifPresent(detail -> errors.add(new FieldError("userId", detail)));
        idProblem(event.anonymousId()).ifPresent(detail -> errors.add(new FieldError("anonymousId", detail)));
        idProblem(event.previousId()).ifPresent(detail -> errors.add(new FieldError("previousId", detail)));
        checkTime("timestamp", event.timestamp(), now, errors);
        checkTime("receivedAt", event.receivedAt(), now, errors);
        if (!errors.isEmpty()) {
            throw new UnreadableEventException(
                    errors.get(0).field() + ": " + errors.get(0).detail());
        }
        return withPlausibleSums(event, schema);
    }

    private CustomerEvent withPlausibleSums(CustomerEvent event, FactSchema schema) {
        Map<String, Object> properties = event.properties();
        if (event.event() == null || properties == null) {
            return event;
        }
        Map<String, Object> kept = null;
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (summed(schema, event.event(), property.getKey())
                    && sumProblem(property.getValue()).isPresent()) {
                if (kept == null) {
                    kept = new LinkedHashMap<>(properties);
                }
                kept.remove(property.getKey());
                dropped.increment();
                Log.debugf(
                        "Left %s of event %s out of its sum: %s",
                        property.getKey(),
                        event.messageId(),
                        sumProblem(property.getValue()).get());
            }
        }
        if (kept == null) {
            return event;
        }
        return new CustomerEvent(
                event.type(),
                event.messageId(),
                event.customerId(),
                event.userId(),
                event.anonymousId(),
                event.previousId(),
                event.event(),
                kept,
                event.traits(),
                event.timestamp(),
                event.receivedAt(),
                event.schemaVersion(),
                event.declaredVersion(),
                event.extra());
    }

    /** Whether {@code schema} sums {@code property} of {@code event}, under its current name or a former one. */
    private boolean summed(FactSchema schema, String event, String property) {
        return schema.event(event)
                .map(tracked -> tracked.sums().contains(upgrader.currentName(event, property)))
                .orElse(false);
    }

    /** What is wrong with a value to be summed, if anything. */
    static Optional<String> sumProblem(Object value) {
        double number;
        if (value == null) {
            return Optional.empty();
        } else if (value instanceof Number given) {
            number = given.doubleValue();
        } else if (value instanceof String text) {
            if (text.isBlank()) {
                return Optional.empty();
            }
            try {
                number = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return Optional.of("must be a number, or a string holding one");
            }
        } else {
            return Optional.of("must be a number, not " + kind(value));
        }
        if (!Double.isFinite(number) || Math.abs(number) > MAX_SUM) {
            return Optional.of("must be a number from -" + MAX_SUM_TEXT + " to " + MAX_SUM_TEXT);
        }
        return Optional.empty();
    }

    private static String kind(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        return value instanceof Boolean ? "a boolean" : "a " + value.getClass().getSimpleName();
    }

    /** Names every number under {@code value} that a 64-bit float cannot hold. */
    private static void finite(String path, Object value, List<FieldError> errors) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, inner) -> finite(path + "." + name, inner, errors));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                finite(path + "[" + i + "]", list.get(i), errors);
            }
        } else if (isNonFinite(value)) {
            errors.add(new FieldError(path, "is beyond the range of a 64-bit float (about 1.8e308)"));
        }
    }

    private static boolean isNonFinite(Object value) {
        if (value instanceof Double number) {
            return !Double.isFinite(number);
        }
        if (value instanceof Float number) {
            return !Float.isFinite(number);
        }
        if (value instanceof BigDecimal || value instanceof BigInteger) {
            return !Double.isFinite(((Number) value).doubleValue());
        }
        return false;
    }
}
