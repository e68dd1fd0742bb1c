package dev.tailor.facts;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Segment's reserved traits, which its libraries send in camelCase ({@code firstName}, analytics.js and
 * analytics-node) or snake_case ({@code first_name}, the Ruby and Python libraries): Segment's Identify spec accepts
 * both, so Tailor reads both as one trait. Facts keep the camelCase spelling (Segment's own); a rule, an audit or
 * the duplicate search asking for either spelling gets the one value.
 *
 * <p>A value stored before Tailor kept one spelling stays readable under either name until an event of that
 * customer rewrites it; where both spellings are stored, the camelCase one is the later.
 */
public final class ReservedTraits {

    /** Segment's reserved traits (Identify spec), as Segment spells them. */
    public static final List<String> ALL = List.of(
            "address",
            "age",
            "avatar",
            "birthday",
            "company",
            "createdAt",
            "description",
            "email",
            "firstName",
            "gender",
            "id",
            "lastName",
            "name",
            "phone",
            "title",
            "username",
            "website");

    /** The reserved traits of two words, by their snake_case spelling. */
    private static final Map<String, String> CAMEL_BY_SNAKE = Map.of(
            "first_name", "firstName",
            "last_name", "lastName",
            "created_at", "createdAt");

    private static final Map<String, String> SNAKE_BY_CAMEL = inverse(CAMEL_BY_SNAKE);

    /**
     * Suffix of the trait that keeps a value trait normalisation could not read, as sent ({@code email_raw}): the
     * normaliser writes it, rules and audits read it.
     */
    public static final String RAW_SUFFIX = "_raw";

    private ReservedTraits() {}

    /** The spelling facts keep a trait under: a reserved trait's camelCase name, any other name as given. */
    public static String stored(String name) {
        return CAMEL_BY_SNAKE.getOrDefault(name, name);
    }

    /** Both spellings of a reserved trait of two words (camelCase first); any other name alone. */
    public static List<String> spellings(String name) {
        String camel = stored(name);
        String snake = SNAKE_BY_CAMEL.get(camel);
        return snake == null ? List.of(name) : List.of(camel, snake);
    }

    /** Every spelling of each of {@code names}, each once, in order: what a configured list of traits covers. */
    public static List<String> allSpellings(List<String> names) {
        return names.stream()
                .flatMap(name -> spellings(name).stream())
                .distinct()
                .toList();
    }

    /**
     * Traits with every reserved trait under its stored spelling, in the same order. Where both spellings are
     * there the camelCase one wins, including a {@code null} (which clears the trait): it is the one written
     * last, both when reading facts and in a call (Segment's libraries send one spelling; a call carrying two is
     * read as the camelCase one).
     */
    public static Map<String, Object> canonical(Map<String, Object> traits) {
        if (traits == null || traits.keySet().stream().noneMatch(CAMEL_BY_SNAKE::containsKey)) {
            return traits;
        }
        Map<String, Object> canonical = new LinkedHashMap<>();
        traits.forEach((name, value) -> {
            String camel = CAMEL_BY_SNAKE.get(name);
            if (camel == null) {
                canonical.put(name, value);
            } else if (!traits.containsKey(camel)) {
                canonical.put(camel, value);
            }
        });
        return canonical;
    }

    private static Map<String, String> inverse(Map<String, String> map) {
        Map<String, String> inverse = new HashMap<>();
        map.forEach((key, value) -> inverse.put(value, key));
        return Map.copyOf(inverse);
    }
}
