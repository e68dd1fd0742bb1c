package dev.tailor.pipeline;

import dev.tailor.ingest.IngestConfig;
import dev.tailor.shared.redis.RedisProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Tries an apply of the consumer's until it passes, however long Redis is away. The consumer holds the batch
 * meanwhile, unacknowledged: the Kafka connector stops asking for more and pauses the consumer's partitions (it keeps
 * polling, so the consumer keeps its place in the group), nothing is committed, nothing is dead-lettered, and the
 * first try after Redis answers again applies the batch and lets the partitions resume.
 *
 * <p>A failure is waited out (tried again after a backoff, doubling up to a cap) when Redis does not answer PING or
 * answers about its own state (OOM, READONLY, ...): nothing in the event is at fault. The event's own failure
 * ({@link ApplyFailures}) ends the tries at once. A failure that is neither (a timeout, an unexpected exception) while
 * Redis answers PING is tried a few times and then ends the tries too, so that a record that can never apply goes to
 * the dead-letter topic instead of holding its partition for good.
 */
@ApplicationScoped
public class PatientApply {

    private final RedisProbe redis;
    private final IngestConfig.Apply config;
    private final AtomicInteger waiting = new AtomicInteger();

    public PatientApply(RedisProbe redis, IngestConfig config, MeterRegistry metrics) {
        this.redis = redis;
        this.config = config.apply();
        metrics.gauge("tailor.events.apply.waiting", waiting);
    }

    /**
     * The end of the tries at an apply that can never pass: the event's own failure, or one that persisted while Redis
     * answered. Its cause says why. Any other failure (the application stopping, say) is no verdict on the events.
     */
    public static final class GaveUp extends RuntimeException {
        GaveUp(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** What is not known to be Redis's absence: tried again, but only so often while Redis answers. */
    private static final class TryAgain extends RuntimeException {
        TryAgain(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    /**
     * @param what what is applied, for the log (e.g. "a batch of 500 event(s)")
     * @return the attempt's item once it passes; {@link GaveUp} with the failure when that is the event's own or
     *     persisted while Redis answered
     */
    public <T> Uni<T> untilApplied(Supplier<Uni<? extends T>> attempt, String what) {
        Tries tries = new Tries(what);
        return Uni.createFrom()
                .<T>deferred(attempt)
                .onFailure()
                .recoverWithUni(failure -> ApplyFailures.isEventsOwn(failure)
                        ? Uni.createFrom().failure(new GaveUp(failure))
                        : tries.judge(failure))
                .onFailure(TryAgain.class)
                .retry()
                .withBackOff(config.firstBackoff(), config.maxBackoff())
                .indefinitely()
                .onTermination()
                .invoke(tries::ended);
    }

    /** The tries at one apply; one subscriber at a time (a retry resubscribes after the previous try ended). */
    private final class Tries {

        private final String what;
        private int failedWhileReachable;
        private long waitingSince;

        Tries(String what) {
            this.what = what;
        }

        <T> Uni<T> judge(Throwable failure) {
            if (ApplyFailures.isRedisState(failure)) {
                return waitOut(failure);
            }
            return redis.answers().flatMap(answers -> {
                if (!answers) {
                    return waitOut(failure);
                }
                if (++failedWhileReachable < config.attemptsWhileReachable()) {
                    Log.debugf("Applying %s failed while Redis answers (%s); trying again", what, failure);
                    return Uni.createFrom().failure(new TryAgain(failure));
                }
                return Uni.createFrom().failure(new GaveUp(failure));
            });
        }

        private <T> Uni<T> waitOut(Throwable failure) {
            if (waitingSince == 0) {
                waitingSince = System.nanoTime();
                waiting.incrementAndGet();
                Log.warnf(
                        "Redis cannot take %s (%s): holding it unacknowledged, its partitions paused, and trying again"
                                + " every %s at most",
                        what, failure.toString(), config.maxBackoff());
            }
            return Uni.createFrom().failure(new TryAgain(failure));
        }

        void ended() {
            if (waitingSince != 0) {
                waiting.decrementAndGet();
                Log.infof(
                        "Redis takes events again: %s went on after waiting %d s",
                        what, Duration.ofNanos(System.nanoTime() - waitingSince).toSeconds());
                waitingSince = 0;
            }
        }
    }
}
