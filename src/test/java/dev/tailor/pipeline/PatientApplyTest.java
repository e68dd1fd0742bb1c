package dev.tailor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.ingest.TestIngestConfig;
import dev.tailor.shared.redis.RedisProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.impl.types.ErrorType;
import jakarta.enterprise.inject.Vetoed;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * When the consumer waits and when it gives up: Redis away is waited out however many tries it takes; the event's own
 * failure gives up at once; a failure of neither kind gives up after a few tries while Redis answers.
 */
class PatientApplyTest {

    private static final int WHILE_REACHABLE = 3;
    /** Far more tries than would be allowed while Redis answers. */
    private static final int LONG_OUTAGE = 40;

    /** Redis answering PING or not, as the test says. */
    @Vetoed
    static class SettableProbe extends RedisProbe {
        final AtomicBoolean up = new AtomicBoolean();

        SettableProbe() {
            super(null);
        }

        @Override
        public Uni<Boolean> answers() {
            return Uni.createFrom().item(up::get);
        }
    }

    private final SettableProbe redis = new SettableProbe();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final PatientApply patiently = new PatientApply(
            redis,
            TestIngestConfig.defaults()
                    .withApply(new TestIngestConfig.TestApply(
                            Duration.ofMillis(1), Duration.ofMillis(5), WHILE_REACHABLE)),
            metrics);
    private final AtomicInteger tries = new AtomicInteger();

    /** An apply that fails with what {@code failure} gives for its first {@code failing} tries, then passes. */
    private Supplier<Uni<? extends String>> failing(int failing, Supplier<Throwable> failure) {
        return () -> tries.incrementAndGet() <= failing
                ? Uni.createFrom().failure(failure.get())
                : Uni.createFrom().item("applied");
    }

    private String await(Supplier<Uni<? extends String>> attempt) {
        return patiently.<String>untilApplied(attempt, "a test batch").await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void redisRefusingConnectionsIsWaitedOutHoweverLongItLasts() {
        redis.up.set(false);
        assertThat(await(failing(LONG_OUTAGE, () -> new ConnectException("Connection refused"))))
                .isEqualTo("applied");
        assertThat(tries).hasValue(LONG_OUTAGE + 1);
        assertThat(metrics.get("tailor.events.apply.waiting").gauge().value()).isZero();
    }

    @Test
    void aReplyAboutRedisItsOwnStateIsWaitedOutThoughRedisAnswersPing() {
        redis.up.set(true);
        assertThat(await(failing(
                        LONG_OUTAGE,
                        () -> ErrorType.create("OOM command not allowed when used memory > " + "'maxmemory'"))))
                .isEqualTo("applied");
        assertThat(await(() -> Uni.createFrom().item("again"))).isEqualTo("again");
        assertThat(tries).hasValue(LONG_OUTAGE + 1);
    }

    @Test
    void theEventsOwnFailureGivesUpAtOnce() {
        redis.up.set(true);
        assertThatThrownBy(() -> await(failing(
                        LONG_OUTAGE,
                        () -> ErrorType.create("WRONGTYPE Operation against a key holding the wrong kind of value"))))
                .isInstanceOf(PatientApply.GaveUp.class)
                .hasMessageContaining("WRONGTYPE");
        assertThat(tries).hasValue(1);
    }

    @Test
    void aFailureOfNeitherKindGivesUpAfterAFewTriesWhileRedisAnswers() {
        redis.up.set(true);
        assertThatThrownBy(() -> await(failing(LONG_OUTAGE, () -> new IllegalStateException("unexpected"))))
                .isInstanceOf(PatientApply.GaveUp.class)
                .hasMessageContaining("unexpected");
        assertThat(tries).hasValue(WHILE_REACHABLE);
    }
}
