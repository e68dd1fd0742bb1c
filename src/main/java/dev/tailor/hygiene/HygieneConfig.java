package dev.tailor.hygiene;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Settings of trait normalisation at ingest (see {@link TraitNormalizer}). */
@ConfigMapping(prefix = "tailor.hygiene")
public interface HygieneConfig {

    /** Whether traits are normalised at all; off, they are kept exactly as sent. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The region (ISO 3166-1 alpha-2, alpha-3 or English name) assumed for a phone number written without a
     * country code when the traits carry no country. Unset: such a number cannot be read and is kept raw only.
     */
    Optional<String> defaultRegion();

    /** Traits holding an e-mail address: trimmed, lower-cased, the domain in ASCII (punycode). */
    @WithDefault("email")
    List<String> emailTraits();

    /** Traits holding a phone number: E.164, e.g. +14155550100. */
    @WithDefault("phone")
    List<String> phoneTraits();

    /** Traits holding a person's name: Unicode NFKC, trimmed, inner whitespace collapsed to one space. */
    @WithDefault("first_name,last_name,name,firstName,lastName")
    List<String> nameTraits();

    /** Traits holding a country: ISO 3166-1 alpha-2; the first one read also gives phone numbers their region. */
    @WithDefault("country")
    List<String> countryTraits();

    /** Traits holding a date-time: one with an offset becomes UTC, e.g. 2026-01-31T11:00:00Z. */
    @WithDefault("createdAt,created_at")
    List<String> timestampTraits();
}
