package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which trait reads a customer notes as fallbacks: the feedback a render gives about missing or invalid data. */
class TraitFallbacksTest {

    private static Customer with(Map<String, Object> traits) {
        return new Customer(
                "c-1", 1, Instant.parse("2026-06-15T12:00:00Z"), FactSchema.NONE, traits, Map.of(), Map.of());
    }

    @Test
    void aTraitThatIsThereIsNoFallback() {
        Customer customer = with(Map.of("first_name", "Ada", "score", 7, "age", "41"));
        assertThat(customer.trait("first_name", "there")).isEqualTo("Ada");
        assertThat(customer.number("score", 0)).isEqualTo(7);
        assertThat(customer.number("age", 0)).isEqualTo(41);
        assertThat(customer.trait("first_name")).isEqualTo("Ada");
        assertThat(customer.fallbacks()).isEmpty();
    }

    @Test
    void missingBlankInvalidAndKeptRawValuesAreNotedInOrder() {
        Map<String, Object> traits = new HashMap<>();
        traits.put("last_name", "  ");
        traits.put("score", "high");
        traits.put("phone_raw", "call me");
        Customer customer = with(traits);

        assertThat(customer.trait("first_name", "there")).isEqualTo("there");
        assertThat(customer.trait("last_name", "")).isEmpty();
        assertThat(customer.number("score", 1.5)).isEqualTo(1.5);
        assertThat(customer.trait("phone", "none")).isEqualTo("none");
        assertThat(customer.number("visits", 0)).isZero();

        assertThat(customer.fallbacks())
                .containsExactly(
                        new TraitFallback("first_name", false, "there"),
                        new TraitFallback("last_name", false, ""),
                        new TraitFallback("score", true, "1.5"),
                        new TraitFallback("phone", true, "none"),
                        new TraitFallback("visits", false, "0.0"));
    }

    @Test
    void theSameFactsSeenAtAnotherMomentStartWithoutFallbacks() {
        Customer customer = with(Map.of());
        customer.trait("first_name", "there");
        assertThat(customer.at(Instant.parse("2026-06-16T12:00:00Z")).fallbacks())
                .isEmpty();
        assertThat(customer.fallbacks()).hasSize(1);
    }
}
