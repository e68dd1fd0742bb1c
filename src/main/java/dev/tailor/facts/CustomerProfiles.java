package dev.tailor.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A customer's facts hash as data-quality audits see it ({@link CustomerProfile}): every stored trait, whatever the
 * rule sets declare, and how busy the customer has been. Never throws on what is stored: a field that cannot be
 * decoded is left out and listed in the profile.
 */
final class CustomerProfiles {

    private static final Duration LAST_HOUR = Duration.ofHours(1);

    private final TraitJson traits;

    CustomerProfiles(TraitJson traits) {
        this.traits = traits;
    }

    CustomerProfile of(StoredFacts stored, Instant now) {
        Map<String, Object> traitValues = new HashMap<>();
        long lastHour = 0;
        Instant firstSeen = null;
        UnreadableFields unreadable = new UnreadableFields();
        for (Map.Entry<String, String> entry : stored.fields().entrySet()) {
            String field = entry.getKey();
            try {
                if (field.startsWith("t:")) {
                    traitValues.put(field.substring(2), traits.read(entry.getValue()));
                } else if (FieldNames.isEventField(field) && field.charAt(0) == FieldNames.STATS) {
                    Instant first = EventStats.decode(entry.getValue()).first();
                    firstSeen = firstSeen == null || first.isBefore(firstSeen) ? first : firstSeen;
                } else if (FieldNames.isOwnSeries(field)) {
                    Instant first = OwnSeries.stats(entry.getValue()).first();
                    // An event's own series only: its per-property series count the same occurrences again.
                    lastHour += Series.decode(OwnSeries.series(entry.getValue()))
                            .within(now, LAST_HOUR)
                            .count();
                    firstSeen = firstSeen == null || first.isBefore(firstSeen) ? first : firstSeen;
                }
            } catch (RuntimeException e) {
                unreadable.note(field);
            }
        }
        return new CustomerProfile(
                stored.customerId(),
                ReservedTraits.canonical(traitValues),
                lastHour,
                stored.version(unreadable),
                firstSeen,
                unreadable.list());
    }
}
