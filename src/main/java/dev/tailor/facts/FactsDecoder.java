package dev.tailor.facts;

import dev.tailor.facts.FactSchema.TrackedEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A customer's facts hash as a rule set declaring a schema sees it ({@link Customer}). Never throws on what is
 * stored: a field that cannot be decoded is left out and noted (see {@link Customer#unreadableFields()}), and so is a
 * series found unreadable when a rule first asks for it.
 */
final class FactsDecoder {

    private final RecentSchemaCodes codes;
    private final TraitJson traits;

    FactsDecoder(RecentSchemaCodes codes, TraitJson traits) {
        this.codes = codes;
        this.traits = traits;
    }

    Customer decode(StoredFacts stored, Instant now, FactSchema schema) {
        return decode(stored.customerId(), now, stored, schema);
    }

    /** The facts of a customer Tailor knows nothing about: what the default decision is made from. */
    Customer none(String customerId, Instant now, FactSchema schema) {
        return decode(customerId, now, new StoredFacts(customerId, Map.of()), schema);
    }

    private Customer decode(String customerId, Instant now, StoredFacts stored, FactSchema schema) {
        Fields read = new Fields(codes.of(schema));
        long version = stored.version(read.unreadable);
        stored.fields().forEach((field, value) -> {
            try {
                read.add(field, value);
            } catch (RuntimeException e) {
                read.unreadable.note(field);
            }
        });
        return Customer.ofStored(
                customerId, version, now, schema, read.traits, read.events, read.series, read.groups, read.unreadable);
    }

    /** What the fields of one hash read as so far. */
    private final class Fields {

        private final SchemaCodes codes;
        private final Map<String, Object> traits = new HashMap<>();
        private final Map<String, EventStats> events = new HashMap<>();
        private final Map<String, StoredSeries> series = new HashMap<>();
        private final Map<String, Map<String, StoredGroup>> groups = new HashMap<>();
        private final UnreadableFields unreadable = new UnreadableFields();

        Fields(SchemaCodes codes) {
            this.codes = codes;
        }

        void add(String field, String value) {
            if (field.startsWith("t:")) {
                traits.put(field.substring(2), FactsDecoder.this.traits.read(value));
                return;
            }
            // Facts of events this schema does not declare stay unread: no rule of it may ask for them.
            TrackedEvent event = FieldNames.isEventField(field)
                    ? codes.eventsByCode().get(field.substring(1, 1 + FieldNames.EVENT_CODE))
                    : null;
            if (event == null) {
                return;
            }
            if (field.charAt(0) == FieldNames.STATS) {
                // Added to any kept in its own series: the event was declared without a window for a while.
                events.merge(event.name(), EventStats.decode(value), EventStats::plus);
                return;
            }
            Map<String, String> names = codes.propertiesByEvent().get(event.name());
            UnaryOperator<String> rename = code -> names.getOrDefault(code, code);
            if (FieldNames.isOwnSeries(field)) {
                events.merge(event.name(), OwnSeries.stats(value), EventStats::plus);
                int buckets = OwnSeries.seriesStart(value);
                if (buckets < value.length()) {
                    series.computeIfAbsent(event.name(), k -> new StoredSeries())
                            .add(unreadable.guarded(
                                    field, () -> Series.decode(value, buckets).renamingSums(rename)));
                }
            } else if (FieldNames.isGroupedSeries(field)) {
                // Under the property's current name: a series kept under a renamed one joins the new one's.
                String property = names.get(field.substring(1 + FieldNames.EVENT_CODE));
                if (property != null && event.groupBy().contains(property)) {
                    groups.computeIfAbsent(event.name(), k -> new HashMap<>())
                            .computeIfAbsent(property, k -> new StoredGroup())
                            .add(value, rename, field, unreadable);
                }
            }
        }
    }
}
