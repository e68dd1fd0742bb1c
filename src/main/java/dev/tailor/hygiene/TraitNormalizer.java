package dev.tailor.hygiene;

import dev.tailor.facts.ReservedTraits;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Normalises the traits of a Segment call as {@link HygieneConfig} names them, so that every spelling of one value
 * becomes one fact: e-mail addresses, phone numbers (E.164), names, countries (alpha-2) and date-times (UTC).
 *
 * <p>A value that cannot be read as an e-mail address, phone number or country is never guessed at: the trait is
 * dropped and the value as sent is kept under {@code <trait>_raw} (e.g. {@code email_raw}), so a bad value neither
 * overwrites a good one already known nor gets lost. Null (which clears a trait) and blank values are kept as sent;
 * so are values of other traits. Each configured name covers both spellings of Segment's reserved traits
 * ({@code first_name} also normalises {@code firstName}, see {@link ReservedTraits}); the call keeps the spelling it
 * was sent with, and facts keep one.
 */
@ApplicationScoped
public class TraitNormalizer {

    private final HygieneConfig config;
    private final EmailNormalizer emails;
    private final PhoneNormalizer phones;
    private final NameNormalizer names;
    private final CountryNormalizer countries;
    private final TimestampNormalizer timestamps;

    public TraitNormalizer(
            HygieneConfig config,
            EmailNormalizer emails,
            PhoneNormalizer phones,
            NameNormalizer names,
            CountryNormalizer countries,
            TimestampNormalizer timestamps) {
        this.config = config;
        this.emails = emails;
        this.phones = phones;
        this.names = names;
        this.countries = countries;
        this.timestamps = timestamps;
    }

    /** A normalised copy of {@code traits}, in the same order. */
    public Map<String, Object> normalize(Map<String, Object> traits) {
        if (!config.enabled() || traits == null || traits.isEmpty()) {
            return traits;
        }
        Map<String, Object> normalised = new LinkedHashMap<>(traits);
        checked(normalised, ReservedTraits.allSpellings(config.countryTraits()), countries::normalize);
        String region = region(normalised);
        checked(normalised, ReservedTraits.allSpellings(config.emailTraits()), emails::normalize);
        checked(normalised, ReservedTraits.allSpellings(config.phoneTraits()), raw -> phones.normalize(raw, region));
        rewritten(normalised, ReservedTraits.allSpellings(config.nameTraits()), names::normalize);
        rewritten(normalised, ReservedTraits.allSpellings(config.timestampTraits()), timestamps::normalize);
        return normalised;
    }

    /** The region of phone numbers without a country code: the traits' own country, else the configured one. */
    private String region(Map<String, Object> normalised) {
        for (String trait : ReservedTraits.allSpellings(config.countryTraits())) {
            if (normalised.get(trait) instanceof String country && !country.isBlank()) {
                return country;
            }
        }
        return config.defaultRegion().flatMap(countries::normalize).orElse(null);
    }

    /** Traits whose value must read as what they hold, or move to {@code <trait>_raw}. */
    private static void checked(
            Map<String, Object> traits, List<String> names, Function<String, Optional<String>> normalizer) {
        for (String name : names) {
            Object value = traits.get(name);
            if (value == null || (value instanceof String text && text.isBlank())) {
                continue;
            }
            Optional<String> read = value instanceof String || value instanceof Number
                    ? normalizer.apply(value.toString())
                    : Optional.empty();
            if (read.isPresent()) {
                traits.put(name, read.get());
            } else {
                traits.remove(name);
                traits.put(name + ReservedTraits.RAW_SUFFIX, value);
            }
        }
    }

    /** Traits whose text is rewritten when it is text; any other value is kept. */
    private static void rewritten(Map<String, Object> traits, List<String> names, Function<String, String> normalizer) {
        for (String name : names) {
            if (traits.get(name) instanceof String text) {
                traits.put(name, normalizer.apply(text));
            }
        }
    }
}
