package dev.tailor.hygiene;

import java.util.List;
import java.util.Optional;

/** A {@link HygieneConfig} for tests without the server: the defaults, with a chosen default region. */
public record TestHygieneConfig(
        boolean enabled,
        Optional<String> defaultRegion,
        List<String> emailTraits,
        List<String> phoneTraits,
        List<String> nameTraits,
        List<String> countryTraits,
        List<String> timestampTraits)
        implements HygieneConfig {

    public static TestHygieneConfig defaults() {
        return new TestHygieneConfig(
                true,
                Optional.empty(),
                List.of("email"),
                List.of("phone"),
                List.of("first_name", "last_name", "name", "firstName", "lastName"),
                List.of("country"),
                List.of("createdAt", "created_at"));
    }

    public TestHygieneConfig withDefaultRegion(String region) {
        return new TestHygieneConfig(
                enabled, Optional.of(region), emailTraits, phoneTraits, nameTraits, countryTraits, timestampTraits);
    }

    public TestHygieneConfig disabled() {
        return new TestHygieneConfig(
                false, defaultRegion, emailTraits, phoneTraits, nameTraits, countryTraits, timestampTraits);
    }

    /** The trait normaliser as the application wires it, with this configuration. */
    public TraitNormalizer normalizer() {
        return new TraitNormalizer(
                this,
                new EmailNormalizer(),
                new PhoneNormalizer(),
                new NameNormalizer(),
                new CountryNormalizer(),
                new TimestampNormalizer());
    }
}
