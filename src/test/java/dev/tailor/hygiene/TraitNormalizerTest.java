package dev.tailor.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraitNormalizerTest {

    private final TraitNormalizer traits = TestHygieneConfig.defaults().normalizer();

    @Test
    void knownTraitsAreNormalisedAndOthersKept() {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("email", " Ada@Bücher.DE ");
        sent.put("phone", "+1 650 253 0000");
        sent.put("first_name", " Ａｄａ ");
        sent.put("lastName", "King  Lovelace");
        sent.put("country", "deu");
        sent.put("createdAt", "2026-01-31T12:00:00+01:00");
        sent.put("loyalty_tier", " gold ");
        sent.put("orders", 3);

        assertThat(traits.normalize(sent))
                .containsExactly(
                        Map.entry("email", "ada@xn--bcher-kva.de"),
                        Map.entry("phone", "+16502530000"),
                        Map.entry("first_name", "Ada"),
                        Map.entry("lastName", "King Lovelace"),
                        Map.entry("country", "DE"),
                        Map.entry("createdAt", "2026-01-31T11:00:00Z"),
                        Map.entry("loyalty_tier", " gold "),
                        Map.entry("orders", 3));
    }

    @Test
    void phoneNumbersAreReadInTheTraitsCountry() {
        assertThat(traits.normalize(Map.of("phone", "030 901820", "country", "Germany")))
                .containsEntry("phone", "+4930901820")
                .containsEntry("country", "DE");
    }

    @Test
    void phoneNumbersWithoutACountryAreReadInTheConfiguredRegion() {
        TraitNormalizer inUs =
                TestHygieneConfig.defaults().withDefaultRegion("USA").normalizer();
        assertThat(inUs.normalize(Map.of("phone", "(650) 253-0000"))).containsEntry("phone", "+16502530000");
        assertThat(inUs.normalize(Map.of("phone", "020 7946 0958", "country", "UK")))
                .containsEntry("phone", "+442079460958");
    }

    @Test
    void unreadableValuesMoveToRawAndAreNotGuessedAt() {
        Map<String, Object> normalised = traits.normalize(Map.of(
                "email", "ada at example dot com",
                "phone", "(650) 253-0000",
                "country", "Atlantis"));

        assertThat(normalised).doesNotContainKeys("email", "phone", "country");
        assertThat(normalised)
                .containsEntry("email_raw", "ada at example dot com")
                .containsEntry("phone_raw", "(650) 253-0000")
                .containsEntry("country_raw", "Atlantis");
    }

    @Test
    void numbersAreReadAsPhoneNumbersButOtherKindsAreRaw() {
        assertThat(traits.normalize(Map.of("phone", 6502530000L, "country", "US")))
                .containsEntry("phone", "+16502530000");
        assertThat(traits.normalize(Map.of("email", Map.of("work", "ada@example.com"))))
                .containsEntry("email_raw", Map.of("work", "ada@example.com"))
                .doesNotContainKey("email");
    }

    @Test
    void nullAndBlankValuesAreKeptAsSent() {
        Map<String, Object> sent = new HashMap<>();
        sent.put("email", null);
        sent.put("phone", " ");
        sent.put("first_name", "  ");
        assertThat(traits.normalize(sent))
                .containsEntry("email", null)
                .containsEntry("phone", " ")
                .containsEntry("first_name", "")
                .doesNotContainKeys("email_raw", "phone_raw");
    }

    @Test
    void whenDisabledTraitsAreKeptExactly() {
        Map<String, Object> sent = Map.of("email", " Ada@Example.com ");
        assertThat(TestHygieneConfig.defaults().disabled().normalizer().normalize(sent))
                .isSameAs(sent);
    }
}
