package dev.tailor.facts;

import dev.tailor.facts.FactSchema.TrackedEvent;
import dev.tailor.schema.EventUpgrader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the codes of a schema's fields mean: its events by code, and per event what each property code stored for it
 * means today (its declared grouping and summed properties, and their former names, each under its current name).
 */
record SchemaCodes(
        FactSchema schema, Map<String, TrackedEvent> eventsByCode, Map<String, Map<String, String>> propertiesByEvent) {

    static SchemaCodes of(FactSchema schema, EventUpgrader upgrader) {
        Map<String, Map<String, String>> properties = new HashMap<>();
        schema.events().values().forEach(event -> properties.put(event.name(), propertiesByCode(event, upgrader)));
        return new SchemaCodes(schema, FieldNames.eventsByCode(schema), Map.copyOf(properties));
    }

    private static Map<String, String> propertiesByCode(TrackedEvent event, EventUpgrader upgrader) {
        Map<String, String> byCode = new HashMap<>();
        for (List<String> declared : List.of(event.groupBy(), event.sums())) {
            for (String name : declared) {
                upgrader.formerNames(event.name(), name)
                        .forEach(former -> byCode.putIfAbsent(FieldNames.propertyCode(former), name));
                byCode.put(FieldNames.propertyCode(name), name);
            }
        }
        return byCode;
    }
}
