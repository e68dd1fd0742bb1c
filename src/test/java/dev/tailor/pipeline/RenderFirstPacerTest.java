package dev.tailor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.decisions.RenderLatency;
import dev.tailor.ingest.TestIngestConfig.TestYield;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RenderFirstPacerTest {

    private static final long MS = 1_000_000;
    private static final long WINDOW = 250 * MS;
    private static final TestYield YIELD = new TestYield(Duration.ofMillis(5), Duration.ofMillis(250), 20, 100, 50);

    private final RenderLatency renders = new RenderLatency();
    private final RenderFirstPacer pacer = new RenderFirstPacer(renders, YIELD, 0);

    private void renders(int count, long millis) {
        for (int i = 0; i < count; i++) {
            renders.record(millis * MS);
        }
    }

    /** Windows {@code from} to {@code to}: 100 renders of {@code millis} each, then a consumer asks for events. */
    private void windows(int from, int to, long millis, int events) {
        for (int window = from; window <= to; window++) {
            renders(100, millis);
            pacer.admit(events, window * WINDOW);
        }
    }

    @Test
    void withoutRendersApplyingIsUnpaced() {
        assertThat(pacer.admit(500, 0)).isZero();
        assertThat(pacer.admit(500, WINDOW)).isZero();
        assertThat(pacer.admit(500, WINDOW + 1)).isZero();
        assertThat(pacer.eventsPerSecond()).isNaN();
    }

    @Test
    void whileRendersAreFastThePaceIsTwiceTheMostAppliedHarmlessly() {
        assertThat(pacer.admit(500, 0)).isZero();
        renders(100, 2);
        // 500 events in a quarter second (2,000 a second) while renders stayed fast: a pace of 4,000 a second.
        assertThat(pacer.admit(1, WINDOW)).isZero();
        assertThat(pacer.eventsPerSecond()).isEqualTo(4000);
        // A quiet spell does not raise it: a burst after it starts from there.
        windows(2, 10, 2, 0);
        assertThat(pacer.eventsPerSecond()).isEqualTo(4000);
    }

    @Test
    void slowRendersHalveTheRateTakenAndMakeTheNextBatchWait() {
        assertThat(pacer.admit(500, 0)).isZero();
        renders(100, 20);
        // 500 events in a quarter second were taken (2,000 a second): the pace becomes 1,000 a second.
        assertThat(pacer.admit(500, WINDOW)).isZero();
        assertThat(pacer.eventsPerSecond()).isEqualTo(1000);
        long wait = pacer.admit(500, WINDOW + 1);
        assertThat(wait).isPositive().isLessThanOrEqualTo(WINDOW);
        // The 500 admitted are paid for after half a second at 1,000 a second; asking again earlier waits again.
        assertThat(pacer.admit(500, WINDOW + 100 * MS)).isPositive();
    }

    @Test
    void slowRendersNeverPushThePaceUnderTheFloor() {
        assertThat(pacer.admit(500, 0)).isZero();
        windows(1, 20, 50, 1);
        assertThat(pacer.eventsPerSecond()).isEqualTo(100);
    }

    @Test
    void theTimerLooksAtRendersWhileNoConsumerAsks() {
        assertThat(pacer.admit(500, 0)).isZero();
        renders(100, 20);
        pacer.steerNow();
        assertThat(pacer.eventsPerSecond())
                .as("slow renders after events were applied")
                .isEqualTo(100);
    }

    @Test
    void slowRendersWhileNothingIsAppliedLeaveThePaceAsItIs() {
        renders(100, 20);
        assertThat(pacer.admit(0, WINDOW)).isZero();
        assertThat(pacer.eventsPerSecond()).as("not applying's doing").isNaN();
    }

    @Test
    void tooFewRendersToTellLeaveApplyingUnpaced() {
        renders(19, 50);
        assertThat(pacer.admit(500, WINDOW)).isZero();
        assertThat(pacer.eventsPerSecond()).isNaN();
    }

    @Test
    void aPaceThatHoldsConsumersBackDoublesWhileRendersAreFastAndIsLiftedWhenRendersStop() {
        pacer.admit(500, 0);
        renders(100, 20);
        pacer.admit(1, WINDOW); // paced at 1,000 a second
        assertThat(pacer.admit(500, WINDOW + 1)).as("a consumer waits").isPositive();
        renders(100, 2);
        pacer.admit(0, 2 * WINDOW);
        assertThat(pacer.eventsPerSecond()).isEqualTo(2000);
        pacer.admit(0, 3 * WINDOW); // no renders in the window: none to give way to
        assertThat(pacer.eventsPerSecond()).isNaN();
    }

    @Test
    void aZeroBoundTurnsYieldingOff() {
        RenderFirstPacer off =
                new RenderFirstPacer(renders, new TestYield(Duration.ZERO, Duration.ofMillis(250), 20, 100, 50), 0);
        renders(100, 500);
        for (int i = 1; i <= 10; i++) {
            assertThat(off.admit(2500, i * WINDOW)).isZero();
        }
        assertThat(off.eventsPerSecond()).isNaN();
    }

    /**
     * However slow renders stay, a consumer that keeps asking is admitted: each batch within the time the floor
     * pays for it, plus a window for the pace to be looked at again.
     */
    @Property(tries = 300)
    void aConsumerThatKeepsAskingIsAlwaysAdmittedAtLeastAtTheFloor(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 500) Integer> batches,
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 100) Integer> renderMillis) {
        RenderLatency latency = new RenderLatency();
        RenderFirstPacer paced = new RenderFirstPacer(latency, YIELD, 0);
        long now = 0;
        int step = 0;
        for (int batch : batches) {
            long askedAt = now;
            long wait;
            while ((wait = paced.admit(batch, now)) > 0) {
                assertThat(wait).isBetween(MS, WINDOW);
                for (int i = 0; i < 25; i++) {
                    latency.record(renderMillis.get(step++ % renderMillis.size()) * MS);
                }
                now += wait;
            }
            long allowed = (long) Math.ceil(500 / YIELD.minEventsPerSecond() * 1e9) + 2 * WINDOW;
            assertThat(now - askedAt).isLessThanOrEqualTo(allowed);
            double pace = paced.eventsPerSecond();
            assertThat(Double.isNaN(pace) || pace >= YIELD.minEventsPerSecond()).isTrue();
            now += 10 * MS; // applying the batch
        }
    }
}
