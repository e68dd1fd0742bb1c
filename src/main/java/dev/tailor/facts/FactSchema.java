package dev.tailor.facts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts a rule set declares in its {@code facts.yaml}, and so the only facts Tailor tracks and rules may ask
 * for. Every declared event keeps its count, first and last occurrence for good; an event with a {@code window}
 * also keeps time-bucketed counts (and sums of its {@code sum} properties, optionally per value of its {@code by}
 * properties) for windows up to that length:
 *
 * <pre>
 * events:
 *   Product Viewed: {window: 30d, by: [category]}
 *   Order Completed: {window: 400d, sum: [revenue]}
 *   Unsubscribed: {}
 * </pre>
 */
public record FactSchema(Map<String, TrackedEvent> events) {

    public static final Duration MIN_WINDOW = Duration.ofHours(1);
    public static final Duration MAX_WINDOW = Duration.ofDays(400);
    public static final FactSchema NONE = new FactSchema(Map.of());

    private static final Pattern WINDOW = Pattern.compile("(\\d+)\\s*([hd])");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One tracked event.
     *
     * @param window the longest window rules may ask about; null when only count, first and last are kept
     * @param groupBy properties whose values get their own windowed counts and sums
     * @param sums numeric properties summed per bucket
     */
    public record TrackedEvent(String name, Duration window, List<String> groupBy, List<String> sums) {

        public boolean windowed() {
            return window != null;
        }

        public int sumIndex(String property) {
            return sums.indexOf(property);
        }
    }

    public FactSchema {
        events = Map.copyOf(events);
        List<String> collisions = collisions(events.values());
        if (!collisions.isEmpty()) {
            throw new FactSchemaException(collisions);
        }
    }

    /**
     * Names that would share a field of the facts hash ({@link FieldNames}): two events with one code, or two
     * properties of one event. Rare, but their counts would mix, so such declarations are refused.
     */
    private static List<String> collisions(Collection<TrackedEvent> events) {
        List<String> problems = new ArrayList<>();
        Map<String, String> eventCodes = new LinkedHashMap<>();
        // By name, so that the same declarations are always refused with the same words.
        for (TrackedEvent event :
                events.stream().sorted(Comparator.comparing(TrackedEvent::name)).toList()) {
            String other = eventCodes.putIfAbsent(FieldNames.eventCode(event.name()), event.name());
            if (other != null) {
                problems.add("events." + event.name() + ": is stored under the same code as \"" + other
                        + "\"; rename one of them");
            }
            Map<String, String> propertyCodes = new LinkedHashMap<>();
            for (String property : merged(event.groupBy(), event.sums())) {
                String same = propertyCodes.putIfAbsent(FieldNames.propertyCode(property), property);
                if (same != null) {
                    problems.add("events." + event.name() + ": properties " + same + " and " + property
                            + " are stored under the same code; rename one of them");
                }
            }
        }
        return problems;
    }

    /**
     * What several active rule sets declare together: every event any of them declares, with the longest window
     * and all their groupings and sums. Tailor tracks this union; each rule set still sees only its own.
     */
    public static FactSchema union(Collection<FactSchema> schemas) {
        Map<String, TrackedEvent> events = new LinkedHashMap<>();
        for (FactSchema schema : schemas) {
            schema.events()
                    .forEach((name, event) -> events.merge(
                            name,
                            event,
                            (a, b) -> new TrackedEvent(
                                    name,
                                    a.window() == null
                                            ? b.window()
                                            : b.window() == null || a.window().compareTo(b.window()) >= 0
                                                    ? a.window()
                                                    : b.window(),
                                    merged(a.groupBy(), b.groupBy()),
                                    merged(a.sums(), b.sums()))));
        }
        return new FactSchema(events);
    }

    private static List<String> merged(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(item -> !all.contains(item)).forEach(all::add);
        return List.copyOf(all);
    }

    public Optional<TrackedEvent> event(String name) {
        return Optional.ofNullable(events.get(name));
    }

    /**
     * Whether a rule may ask for windowed facts of {@code event} over {@code window} (and, when not null, grouped by
     * {@code property}): the check every fact a rule reads goes through, so it builds nothing; a false answer is
     * followed by the matching {@code require...} call for the message.
     */
    public boolean allows(String event, String property, Duration window) {
        TrackedEvent tracked = events.get(event);
        return tracked != null
                && tracked.windowed()
                && window.compareTo(MIN_WINDOW) >= 0
                && window.compareTo(tracked.window()) <= 0
                && (property == null || tracked.groupBy().contains(property));
    }

    /** Whether a rule may ask for sums of {@code property} of {@code event} over {@code window}. */
    public boolean allowsSum(String event, String property, Duration window) {
        return allows(event, null, window) && events.get(event).sumIndex(property) >= 0;
    }

    /**
     * The declaration of an event a rule asks about; {@code call} describes the asking call, for the message
     * (built only when there is one: these checks run on every fact a rule reads).
     */
    public TrackedEvent requireEvent(Supplier<String> call, String event) {
        TrackedEvent tracked = events.get(event);
        if (tracked == null) {
            throw new UndeclaredFactException(call.get() + ": event \"" + event + "\" is not declared in facts.yaml");
        }
        return tracked;
    }

    /** As {@link #requireEvent}, for a window no longer than the event's declared one. */
    public TrackedEvent requireWindow(Supplier<String> call, String event, Duration window) {
        TrackedEvent tracked = requireEvent(call, event);
        if (window.compareTo(MIN_WINDOW) < 0) {
            throw new UndeclaredFactException(call.get() + ": windows start at 1h");
        }
        if (!tracked.windowed() || window.compareTo(tracked.window()) > 0) {
            throw new UndeclaredFactException(call.get() + ": facts.yaml keeps windows of \"" + event + "\" "
                    + (tracked.windowed() ? "up to " + describe(tracked.window()) : "for no time") + ", not "
                    + describe(window));
        }
        return tracked;
    }

    /** As {@link #requireWindow}, for counts per value of {@code property}. */
    public TrackedEvent requireGroup(Supplier<String> call, String event, String property, Duration window) {
        TrackedEvent tracked = requireWindow(call, event, window);
        if (!tracked.groupBy().contains(property)) {
            throw new UndeclaredFactException(
                    call.get() + ": facts.yaml does not group \"" + event + "\" by " + property);
        }
        return tracked;
    }

    /** As {@link #requireWindow}, for sums of {@code property}; answers the sum's index. */
    public int requireSum(Supplier<String> call, String event, String property, Duration window) {
        TrackedEvent tracked = requireWindow(call, event, window);
        int index = tracked.sumIndex(property);
        if (index < 0) {
            throw new UndeclaredFactException(
                    call.get() + ": facts.yaml does not sum " + property + " of \"" + event + "\"");
        }
        return index;
    }

    /** "30d", "24h" or the ISO form for odd lengths. */
    public static String describe(Duration window) {
        if (window.toHours() * 3_600_000 != window.toMillis()) {
            return window.toString();
        }
        return window.toHours() % 24 == 0 ? window.toDays() + "d" : window.toHours() + "h";
    }

    /** Reads a facts.yaml; every problem is reported at once. */
    public static FactSchema parse(byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new FactSchemaException(List.of("not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new FactSchemaException(List.of("unreadable: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        Map<String, TrackedEvent> events = new LinkedHashMap<>();
        JsonNode declared = root == null ? null : root.get("events");
        if (declared == null || !declared.isObject()) {
            throw new FactSchemaException(List.of("events: must map event names to their facts"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode spec = entry.getValue();
            String at = "events." + name;
            if (spec != null && !spec.isNull() && !spec.isObject()) {
                problems.add(at + ": must be a mapping such as {window: 30d}");
                continue;
            }
            Duration window = null;
            if (spec != null && spec.hasNonNull("window")) {
                window = parseWindow(spec.get("window").asText());
                if (window == null) {
                    problems.add(at + ".window: '" + spec.get("window").asText() + "' is not a window like 24h or 30d");
                } else if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
                    problems.add(at + ".window: must be between 1h and 400d");
                }
            }
            List<String> groupBy = names(spec, "by", at, problems);
            List<String> sums = names(spec, "sum", at, problems);
            if (window == null && (!groupBy.isEmpty() || !sums.isEmpty())) {
                problems.add(at + ": 'by' and 'sum' need a window");
            }
            events.put(name, new TrackedEvent(name, window, groupBy, sums));
        }
        if (!problems.isEmpty()) {
            throw new FactSchemaException(problems);
        }
        return new FactSchema(events);
    }

    /** "24h", "30d" (also ISO-8601 such as "PT24H"); null when unreadable. */
    public static Duration parseWindow(String text) {
        Matcher matcher = WINDOW.matcher(text.trim().toLowerCase());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return matcher.group(2).equals("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static List<String> names(JsonNode spec, String key, String at, List<String> problems) {
        if (spec == null || !spec.hasNonNull(key)) {
            return List.of();
        }
        JsonNode node = spec.get(key);
        List<String> names = new ArrayList<>();
        if (node.isTextual()) {
            names.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(item -> names.add(item.asText()));
        } else {
            problems.add(at + "." + key + ": must be a property name or a list of them");
        }
        return List.copyOf(names);
    }
}
