package dev.tailor.hygiene;

import jakarta.enterprise.context.ApplicationScoped;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Countries as ISO 3166-1 alpha-2 codes ({@code DE}), read from an alpha-2 or alpha-3 code or an English name as
 * {@link Locale} knows them, in any case and with or without accents and punctuation ({@code deu},
 * {@code Germany}, {@code côte d'ivoire}), plus a few common names that are not ISO's ({@code UK}).
 */
@ApplicationScoped
public class CountryNormalizer {

    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]");
    private static final Pattern MARKS = Pattern.compile("\\p{M}");

    /** Names people write that are not the ISO short name Java's locale data uses. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("UK", "GB"),
            Map.entry("Great Britain", "GB"),
            Map.entry("England", "GB"),
            Map.entry("Scotland", "GB"),
            Map.entry("Wales", "GB"),
            Map.entry("Northern Ireland", "GB"),
            Map.entry("United States of America", "US"),
            Map.entry("Turkey", "TR"),
            Map.entry("Türkiye", "TR"),
            Map.entry("Czech Republic", "CZ"),
            Map.entry("Holland", "NL"),
            Map.entry("Ivory Coast", "CI"),
            Map.entry("Burma", "MM"),
            Map.entry("Macedonia", "MK"),
            Map.entry("Swaziland", "SZ"));

    private static final Map<String, String> BY_KEY = lookup();

    /** The alpha-2 code, or empty when {@code raw} names no country Tailor knows. */
    public Optional<String> normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_KEY.get(key(raw)));
    }

    private static Map<String, String> lookup() {
        Map<String, String> byKey = new HashMap<>();
        for (String alpha2 : Locale.getISOCountries()) {
            Locale country = new Locale("", alpha2);
            byKey.put(key(country.getDisplayCountry(Locale.ENGLISH)), alpha2);
            try {
                byKey.put(key(country.getISO3Country()), alpha2);
            } catch (MissingResourceException e) {
                // No alpha-3 code known for this one: its alpha-2 code and name still read.
            }
        }
        ALIASES.forEach((name, alpha2) -> byKey.put(key(name), alpha2));
        // Codes last: a two- or three-letter code always wins over a name that happens to fold to the same key.
        for (String alpha2 : Locale.getISOCountries()) {
            byKey.put(key(alpha2), alpha2);
        }
        return Map.copyOf(byKey);
    }

    /** Case, accents, spaces and punctuation do not tell countries apart. */
    private static String key(String name) {
        String decomposed = Normalizer.normalize(name.strip(), Normalizer.Form.NFKD);
        String unaccented = MARKS.matcher(decomposed).replaceAll("");
        return NOT_LETTER_OR_DIGIT
                .matcher(unaccented.toLowerCase(Locale.ROOT).replace("&", "and"))
                .replaceAll("");
    }
}
