package dev.tailor.schema;

import dev.tailor.events.CustomerEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings an event of any older format or tracking plan to the current one before it is applied to facts, live or
 * replayed: a record written before {@code schemaVersion} existed reads as the current format, and renamed
 * properties ({@link SchemaConfig#renames()}) take their new name, so that old and new events count together.
 * Renames are one step: {@code a=b} and {@code b=c} do not make {@code a} into {@code c}.
 */
@ApplicationScoped
public class EventUpgrader {

    /** Event name to old property name to new property name. */
    private final Map<String, Map<String, String>> renames;

    @Inject
    public EventUpgrader(SchemaConfig config) {
        this(config.renames());
    }

    public EventUpgrader(Map<String, Map<String, String>> renames) {
        this.renames = Map.copyOf(renames);
    }

    public CustomerEvent upgrade(CustomerEvent event) {
        Map<String, String> renamed = renamesOf(event.event());
        Map<String, Object> properties = event.properties();
        boolean current = event.schemaVersion() != null && event.schemaVersion() == CustomerEvent.SCHEMA_VERSION;
        if (properties == null || renamed.keySet().stream().noneMatch(properties::containsKey)) {
            return current ? event : event.upgraded(properties);
        }
        Map<String, Object> upgraded = new LinkedHashMap<>(properties);
        renamed.forEach((old, now) -> {
            // An event that carries both names keeps both: the new one counts, the old one stays as sent.
            if (upgraded.containsKey(old) && !upgraded.containsKey(now)) {
                upgraded.put(now, upgraded.remove(old));
            }
        });
        return event.upgraded(upgraded);
    }

    /** The name under which a property of {@code event} kept under {@code property} counts today. */
    public String currentName(String event, String property) {
        return renamesOf(event).getOrDefault(property, property);
    }

    /** The old names of {@code property} of {@code event}, whose kept facts count under it. */
    public List<String> formerNames(String event, String property) {
        return renamesOf(event).entrySet().stream()
                .filter(rename -> rename.getValue().equals(property))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    public boolean renames(String event) {
        return !renamesOf(event).isEmpty();
    }

    private Map<String, String> renamesOf(String event) {
        return event == null ? Map.of() : renames.getOrDefault(event, Map.of());
    }
}
