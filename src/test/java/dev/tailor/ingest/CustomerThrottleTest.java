package dev.tailor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.events.CustomerEvent;
import dev.tailor.ingest.TestIngestConfig.TestThrottle;
import dev.tailor.shared.error.Problem.FieldError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The per-customer budget on its own, with a clock the test moves: 10 events a second, bursts of 10. */
class CustomerThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final CustomerThrottle throttle = new CustomerThrottle(
            TestIngestConfig.defaults().withThrottle(new TestThrottle(10, 10, 1000)), metrics, now::get);

    private static CustomerEvent event(String userId, String anonymousId) {
        return new CustomerEvent(
                "track",
                "m-" + Math.random(),
                userId != null ? userId : anonymousId,
                userId,
                anonymousId,
                null,
                "Product Viewed",
                Map.of(),
                Map.of(),
                Instant.EPOCH,
                Instant.EPOCH);
    }

    private static SegmentCalls calls(String customer, int count) {
        return new SegmentCalls(Collections.nCopies(count, event(customer, null)), List.of());
    }

    private static CustomerOverBudgetException refusal(Runnable admit) {
        try {
            admit.run();
        } catch (CustomerOverBudgetException e) {
            return e;
        }
        throw new AssertionError("admitted");
    }

    @Test
    void aCustomerGetsItsBurstThenWaitsWhileOthersGoOn() {
        throttle.admit(calls("hot", 10), true);
        CustomerOverBudgetException refused = refusal(() -> throttle.admit(calls("hot", 1), true));
        assertThat(refused.field()).isEqualTo("batch[0].userId");
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.getMessage()).contains("10 events a second").contains("nothing of this request was stored");
        assertThat(metrics.get("tailor.ingest.throttled").counter().count()).isEqualTo(1);

        throttle.admit(calls("calm", 10), true);

        now.addAndGet(SECOND / 10); // one token back
        throttle.admit(calls("hot", 1), true);
        assertThatThrownBy(() -> throttle.admit(calls("hot", 1), false))
                .isInstanceOf(CustomerOverBudgetException.class);
    }

    @Test
    void aRequestIsAdmittedWholeOrNotAtAllAndNamesTheFirstCallOfTheCustomerOverBudget() {
        throttle.admit(new SegmentCalls(Collections.nCopies(10, event(null, "anon")), List.of()), true);
        // Call 1 was refused for reasons of its own: the request is calls 0 (calm) and 2 (anon, over its budget).
        RefusedCall invalid =
                new RefusedCall(1, List.of(new FieldError("batch[1].event", "is required")), "{}", "calm");
        CustomerOverBudgetException refused = refusal(() -> throttle.admit(
                new SegmentCalls(List.of(event("calm", null), event(null, "anon")), List.of(invalid)), true));
        assertThat(refused.field()).isEqualTo("batch[2].anonymousId");
        // calm's event of the refused request was given back: its whole burst is still there.
        throttle.admit(calls("calm", 10), true);
    }

    @Test
    void aRequestLargerThanTheBurstIsAdmittedWhenTheBudgetIsFullAndTheCustomerThenWaitsLonger() {
        throttle.admit(calls("hot", 25), true);
        CustomerOverBudgetException refused = refusal(() -> throttle.admit(calls("hot", 5), true));
        assertThat(refused.retryAfterSeconds()).isEqualTo(2); // 15 in debt, then 5: 2 s at 10 a second
        now.addAndGet(2 * SECOND);
        throttle.admit(calls("hot", 5), true);
    }

    @Test
    void aRequestThatWasNotStoredGivesItsBudgetBack() {
        CustomerThrottle.Admission admission = throttle.admit(calls("hot", 10), true);
        admission.giveBack();
        throttle.admit(calls("hot", 10), true);
    }

    @Test
    void aRateOfZeroTurnsTheThrottleOff() {
        CustomerThrottle off = new CustomerThrottle(
                TestIngestConfig.defaults().withThrottle(new TestThrottle(0, 10, 1000)), metrics, now::get);
        Stream.generate(() -> calls("hot", 2500)).limit(10).forEach(request -> off.admit(request, true));
    }
}
