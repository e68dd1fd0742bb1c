package dev.tailor.facts;

import dev.tailor.events.CustomerEvent;
import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.ApplyEventCall.GroupValue;
import dev.tailor.facts.ApplyEventCall.SeriesUpdate;
import dev.tailor.facts.ApplyEventCall.Sum;
import dev.tailor.facts.ApplyEventCall.Trait;
import dev.tailor.facts.FactSchema.TrackedEvent;
import dev.tailor.schema.EventUpgrader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * What applying an event asks of apply-event.lua: the event brought up to date, the facts a schema declares of it,
 * and the window of buckets they keep, as an {@link ApplyEventCall}.
 */
final class ApplyEventCalls {

    /** Hourly buckets are kept a day longer than {@link Series#HOURLY}, so late writers never starve a read. */
    private static final Duration HOURS_KEPT = Series.HOURLY.plusDays(1);

    private final EventUpgrader upgrader;
    private final Duration dedupWindow;
    private final TraitJson traits;

    ApplyEventCalls(EventUpgrader upgrader, Duration dedupWindow, TraitJson traits) {
        this.upgrader = upgrader;
        this.dedupWindow = dedupWindow;
        this.traits = traits;
    }

    /**
     * The call applying {@code logged} to its customer's keys as if at {@code now}, keeping the facts {@code schema}
     * declares, its messageId remembered in the customer's key ending with {@code dedupSuffix} ({@code :applied}, or
     * a back-fill's own set).
     */
    ApplyEventCall of(CustomerEvent logged, Instant now, FactSchema schema, String dedupSuffix) {
        // Every path that applies events (live, replay, back-fill, scenarios) comes here: one place to upgrade.
        CustomerEvent event = upgrader.upgrade(logged);
        Optional<TrackedEvent> declared = event.event() == null ? Optional.empty() : schema.event(event.event());
        List<Trait> traitPairs = new ArrayList<>();
        if ("identify".equals(event.type()) && event.traits() != null) {
            // One field per reserved trait whichever spelling the call used (firstName, first_name).
            ReservedTraits.canonical(event.traits())
                    .forEach((name, value) -> traitPairs.add(new Trait(name, traits.write(value))));
        }
        return new ApplyEventCall(
                CustomerKeys.of(event.customerId()),
                CustomerKeys.of(event.customerId()) + dedupSuffix,
                IdentifierKeys.linkKey(event.customerId()),
                TombstoneKeys.of(event.customerId()),
                messageDigest(event.messageId()),
                // Seconds, not milliseconds: Redis stores a score below 2^32 in 5 bytes instead of 9.
                now.getEpochSecond(),
                Math.max(1, dedupWindow.toSeconds()),
                millis(event.timestamp()),
                // An event with time buckets keeps its stats in its own series field.
                declared.filter(e -> !e.windowed())
                        .map(e -> FieldNames.stats(e.name()))
                        .orElse(""),
                IdentifierKeys.digest(event.customerId()),
                millis(event.acceptedAt()),
                declared.filter(TrackedEvent::windowed).map(e -> seriesUpdate(e, event.properties(), now)),
                traitPairs);
    }

    /**
     * {@code call} applied to the keys of {@code customerId} instead, the customer the script answered that the
     * event's id (or the id it was last applied to) moved to; the messageId is remembered in that customer's key with
     * the same suffix, so that a redelivered event is recognised there.
     */
    static ApplyEventCall movedTo(ApplyEventCall call, String customerId) {
        String facts = CustomerKeys.of(customerId);
        String dedupSuffix = call.dedupKey().substring(call.factsKey().length());
        return call.withKeys(
                facts,
                facts + dedupSuffix,
                IdentifierKeys.linkKey(customerId),
                TombstoneKeys.of(customerId),
                IdentifierKeys.digest(customerId));
    }

    /** Epoch milliseconds, saturated: a time beyond a long's range is out of the scripts' range all the same. */
    private static long millis(Instant time) {
        try {
            return time.toEpochMilli();
        } catch (ArithmeticException e) {
            return time.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * What the duplicate check remembers of a messageId: 48 bits of its SHA-256, as 12 hex digits that the script
     * keeps as 6 bytes (a UUID is 36 characters). It is compared only with one customer's messageIds of the last
     * day (a few hundred at most), so the chance that two of them collide stays below one in a billion per
     * customer and day.
     */
    static String messageDigest(String messageId) {
        return Hex.encodeHexString(Arrays.copyOf(DigestUtils.sha256(messageId), 6));
    }

    /**
     * Every series an event updates: what they keep, what it adds to the sums kept (the declared ones, then the
     * former names of renamed ones, so that the script keeps the history summed under an old name, as it drops sums
     * it is not given, and the read adds it to the new name), its own series field, then the field and the event's
     * value of each declared grouping property it has a value of.
     */
    private SeriesUpdate seriesUpdate(TrackedEvent event, Map<String, Object> properties, Instant now) {
        Map<String, Object> props = properties == null ? Map.of() : properties;
        long firstHour;
        long firstDay;
        if (event.window().compareTo(Series.HOURLY) <= 0) {
            firstHour = Math.floorDiv(now.minus(event.window()).toEpochMilli(), Series.HOUR_MS) - 1;
            firstDay = Long.MAX_VALUE / 2;
        } else {
            firstHour = Math.floorDiv(now.minus(HOURS_KEPT).toEpochMilli(), Series.HOUR_MS);
            firstDay = Math.floorDiv(now.minus(event.window()).toEpochMilli(), Series.DAY_MS) - 1;
        }
        List<Sum> sums = new ArrayList<>();
        for (String name : event.sums()) {
            sums.add(new Sum(FieldNames.propertyCode(name), number(props.get(name))));
        }
        // Former names add nothing: an upgraded event carries its value under the new name.
        for (String name : event.sums()) {
            for (String former : upgrader.formerNames(event.name(), name)) {
                sums.add(new Sum(FieldNames.propertyCode(former), 0));
            }
        }
        List<GroupValue> groups = new ArrayList<>();
        for (String property : event.groupBy()) {
            Object value = props.get(property);
            String normalised = value == null ? "" : Customer.normalise(value);
            if (!normalised.isEmpty()) {
                groups.add(new GroupValue(FieldNames.series(event.name(), property), normalised));
            }
        }
        return new SeriesUpdate(firstHour, firstDay, sums, FieldNames.series(event.name()), groups);
    }

    /**
     * A numeric property as the script adds it; absent or non-numeric values add nothing, and neither do numbers
     * beyond {@link ApplyEventCall#MAX_SUM} or not finite.
     */
    static double number(Object value) {
        double number;
        if (value instanceof Number given) {
            number = given.doubleValue();
        } else if (value instanceof String text) {
            try {
                number = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        } else {
            return 0;
        }
        return Double.isFinite(number) && Math.abs(number) <= ApplyEventCall.MAX_SUM ? number : 0;
    }
}
