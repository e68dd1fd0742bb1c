package dev.tailor.hygiene.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.facts.Customer;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.TraitFallback;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The render side of the feedback loop: bounded, merging, never storing anything itself. */
class FallbackFeedbackTest {

    private static final List<TraitFallback> NO_FIRST_NAME = List.of(new TraitFallback("first_name", false, "there"));

    private static Customer known(String id) {
        return new Customer(
                id, 1, Instant.now(), FactSchema.NONE, Map.of("email", id + "@example.com"), Map.of(), Map.of());
    }

    @Test
    void beyondItsCapacityNewFallbacksAreDroppedAndCountedWhileKnownOnesStillCount() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        FallbackFeedback feedback = new FallbackFeedback(2, null, metrics);

        feedback.fellBack(known("a"), NO_FIRST_NAME);
        feedback.fellBack(known("b"), NO_FIRST_NAME);
        feedback.fellBack(known("a"), NO_FIRST_NAME);
        feedback.fellBack(known("c"), NO_FIRST_NAME);
        feedback.fellBack(known("d"), NO_FIRST_NAME);

        assertThat(metrics.counter("tailor.data_quality.feedback.dropped").count())
                .isEqualTo(2);
        assertThat(feedback.waiting()).isEqualTo(2);
    }

    @Test
    void erasureDropsWhatWaitsAboutTheCustomer() {
        FallbackFeedback feedback = new FallbackFeedback(10, null, new SimpleMeterRegistry());
        feedback.fellBack(known("a"), NO_FIRST_NAME);
        feedback.fellBack(known("b"), NO_FIRST_NAME);
        assertThat(feedback.erase(Set.of("a"))).isEqualTo(1);
        assertThat(feedback.waiting()).isEqualTo(1);
    }

    @Test
    void customersTailorNeverHeardOfAreNotNoted() {
        FallbackFeedback feedback = new FallbackFeedback(10, null, new SimpleMeterRegistry());
        feedback.fellBack(
                new Customer("nobody", 0, Instant.now(), FactSchema.NONE, Map.of(), Map.of(), Map.of()), NO_FIRST_NAME);
        assertThat(feedback.waiting()).isZero();
    }
}
