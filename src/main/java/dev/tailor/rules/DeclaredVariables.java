package dev.tailor.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The personalization variables a rule set declares in the {@code variables:} block of its {@code facts.yaml}, each
 * with a type and a default:
 *
 * <pre>
 * variables:
 *   loyalty_tier: {type: string, default: standard}
 *   average_order_value: {type: number, default: 0.0}
 * </pre>
 *
 * Every decision of the rule set holds every declared variable (its default when no rule set it, or a rule set it
 * to null), so that a template in strict mode never meets a missing one; rules may set declared variables only,
 * with values of the declared type ({@link VariableCheck}, at compile time).
 */
public record DeclaredVariables(Map<String, Declared> byName) {

    public static final DeclaredVariables NONE = new DeclaredVariables(Map.of());
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One declared variable. */
    public record Declared(String name, VariableType type, Object defaultValue) {}

    /** As the revision API lists a declared variable: {@code {"name", "type", "default"}}. */
    public record View(
            String name,
            String type,
            @JsonProperty("default") Object defaultValue) {}

    public DeclaredVariables {
        byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public Optional<Declared> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The declared names, in declaration order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<View> views() {
        return byName.values().stream()
                .map(d -> new View(d.name(), d.type().word(), d.defaultValue()))
                .toList();
    }

    /**
     * The variables of a decision: every declared one, in declaration order, with the value a rule set when it set
     * one (not null), else its default.
     */
    public Map<String, Object> complete(Map<String, Object> set) {
        if (byName.isEmpty()) {
            return set;
        }
        Map<String, Object> all = new LinkedHashMap<>(2 * (byName.size() + set.size()));
        byName.forEach((name, declared) -> {
            Object value = set.get(name);
            all.put(name, value == null ? declared.defaultValue() : value);
        });
        // Rules set declared variables only (checked at compile time); any other is kept rather than dropped.
        set.forEach(all::putIfAbsent);
        return Collections.unmodifiableMap(all);
    }

    /** The {@code variables:} block of a facts.yaml; none when it has none. Every problem is reported at once. */
    public static DeclaredVariables parse(byte[] yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            // FactSchema reports a facts.yaml that is not YAML.
            return NONE;
        }
        JsonNode block = root == null ? null : root.get("variables");
        if (block == null || block.isNull()) {
            return NONE;
        }
        if (!block.isObject()) {
            throw new InvalidDeclarationException(
                    List.of("variables: must map variable names to" + " {type: ..., default: ...}"));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Declared> declared = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = block.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode spec = entry.getValue();
            String at = "variables." + name;
            if (spec == null || !spec.isObject()) {
                problems.add(at + ": must be a mapping such as {type: string, default: \"\"}");
                continue;
            }
            Optional<VariableType> type = VariableType.of(spec.path("type").asText(""));
            if (type.isEmpty()) {
                problems.add(at + ".type: must be one of " + VariableType.words());
                continue;
            }
            JsonNode given = spec.get("default");
            if (given == null || given.isNull()) {
                problems.add(at + ".default: is required, so that every decision holds the variable (a template"
                        + " in strict mode fails on a missing one)");
                continue;
            }
            Optional<Object> value = type.get().read(given);
            if (value.isEmpty()) {
                problems.add(at + ".default: must be a " + type.get().word());
                continue;
            }
            declared.put(name, new Declared(name, type.get(), value.get()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDeclarationException(problems);
        }
        return new DeclaredVariables(declared);
    }

    /** A {@code variables:} block that cannot be used; each problem names its entry. */
    public static final class InvalidDeclarationException extends RuntimeException {
        private final List<String> problems;

        InvalidDeclarationException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
