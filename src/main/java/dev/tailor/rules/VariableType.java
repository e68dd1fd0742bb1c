package dev.tailor.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The type a rule set declares for a variable, as a template sees it in the decision's JSON. Each names the Java
 * types a rule may give it, checked on the compiled rules (a value of another type, or of a type only known at run
 * time such as {@code Object}, is refused at compile time).
 */
public enum VariableType {
    /** JSON text. */
    STRING(Set.of("java/lang/String")),
    /** A JSON number: any boxed Java number, BigDecimal or BigInteger. */
    NUMBER(Set.of(
            "java/lang/Integer",
            "java/lang/Long",
            "java/lang/Double",
            "java/lang/Float",
            "java/lang/Short",
            "java/lang/Byte",
            "java/lang/Number",
            "java/math/BigDecimal",
            "java/math/BigInteger")),
    /** true or false. */
    BOOLEAN(Set.of("java/lang/Boolean")),
    /** A JSON array, from any Java list or set. */
    LIST(Set.of(
            "java/util/List",
            "java/util/ArrayList",
            "java/util/LinkedList",
            "java/util/Collection",
            "java/util/Set",
            "java/util/HashSet",
            "java/util/LinkedHashSet",
            "java/util/TreeSet",
            "java/util/SortedSet"));

    private final Set<String> javaTypes;

    VariableType(Set<String> javaTypes) {
        this.javaTypes = javaTypes;
    }

    /** The word facts.yaml uses: {@code string}, {@code number}, {@code boolean}, {@code list}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VariableType> of(String word) {
        return Arrays.stream(values()).filter(type -> type.word().equals(word)).findFirst();
    }

    public static String words() {
        return String.join(", ", Arrays.stream(values()).map(VariableType::word).toList());
    }

    /** Whether a value of the Java type {@code internalName} ({@code java/lang/String}) is one of this type. */
    boolean acceptsJavaType(String internalName) {
        return javaTypes.contains(internalName);
    }

    /** The declared default as the Java value decisions carry; empty when it is not of this type. */
    Optional<Object> read(JsonNode node) {
        return switch (this) {
            case STRING -> node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
            case NUMBER -> node.isNumber() ? Optional.of(node.numberValue()) : Optional.empty();
            case BOOLEAN -> node.isBoolean() ? Optional.of(node.asBoolean()) : Optional.empty();
            case LIST -> {
                if (!node.isArray()) {
                    yield Optional.empty();
                }
                List<Object> items = new ArrayList<>();
                for (JsonNode item : node) {
                    if (!item.isValueNode() || item.isNull()) {
                        yield Optional.empty();
                    }
                    items.add(
                            item.isNumber() ? item.numberValue() : item.isBoolean() ? item.asBoolean() : item.asText());
                }
                yield Optional.of(List.copyOf(items));
            }
        };
    }

    /** Whether a value a rule set at run time is of this type. */
    boolean accepts(Object value) {
        return switch (this) {
            case STRING -> value instanceof String;
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case LIST -> value instanceof Collection<?>;
        };
    }
}
