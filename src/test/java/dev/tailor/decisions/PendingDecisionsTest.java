package dev.tailor.decisions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.decisions.PendingDecisions.Claimed;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The customers waiting to be re-decided after their events, on the real Redis: taken under a lease, by one taker
 * at a time, kept when marked again meanwhile, and given back when the lease runs out.
 * Each test has sharded sets of its own, apart from those the running application's worker takes from.
 */
@QuarkusTest
class PendingDecisionsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final Instant LONG_AGO = Instant.parse("2001-01-01T00:00:00Z");

    @Inject
    ReactiveRedisDataSource redis;

    private DecisionShards shards;
    private PendingDecisions pending;

    @BeforeEach
    void setsOfItsOwn() {
        shards = new DecisionShards(4, "-test-" + UUID.randomUUID());
        pending = new PendingDecisions(redis, shards);
    }

    /** Takes from every shard. */
    private Uni<List<String>> claim(Instant now, Instant leaseEnd, int limit) {
        return pending.claim(shards.all(), now, leaseEnd, limit).map(Claimed::customerIds);
    }

    private static String customer() {
        return "pending-" + UUID.randomUUID();
    }

    @Test
    void aCustomerIsTakenByOneTakerAndReleasedWhenNotMarkedAgain() {
        String customer = customer();
        pending.mark(List.of(customer, customer), LONG_AGO).await().atMost(WAIT);
        Instant leaseEnd = LONG_AGO.plusSeconds(30);

        assertThat(claim(LONG_AGO, leaseEnd, 10).await().atMost(WAIT)).containsExactly(customer);
        assertThat(claim(LONG_AGO, leaseEnd, 10).await().atMost(WAIT)).isEmpty();
        assertThat(pending.pendingSince(customer).await().atMost(WAIT)).contains(leaseEnd);

        assertThat(pending.release(List.of(customer), leaseEnd).await().atMost(WAIT))
                .isEqualTo(1);
        assertThat(pending.pendingSince(customer).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void aCustomerMarkedDuringItsLeaseStaysToBeReDecidedAgain() {
        String customer = customer();
        pending.mark(List.of(customer), LONG_AGO).await().atMost(WAIT);
        Instant leaseEnd = LONG_AGO.plusSeconds(30);
        assertThat(claim(LONG_AGO, leaseEnd, 10).await().atMost(WAIT)).containsExactly(customer);

        Instant markedAgain = LONG_AGO.plusSeconds(1);
        pending.mark(List.of(customer), markedAgain).await().atMost(WAIT);

        assertThat(pending.release(List.of(customer), leaseEnd).await().atMost(WAIT))
                .isZero();
        assertThat(pending.pendingSince(customer).await().atMost(WAIT)).contains(markedAgain);
    }

    @Test
    void aLeaseThatRunsOutGivesTheCustomerBack() {
        String customer = customer();
        pending.mark(List.of(customer), LONG_AGO).await().atMost(WAIT);
        Instant leaseEnd = LONG_AGO.plusSeconds(30);
        assertThat(claim(LONG_AGO, leaseEnd, 10).await().atMost(WAIT)).containsExactly(customer);

        // The taker died: nobody released the customer, and the lease has run out.
        Instant later = leaseEnd.plusSeconds(1);
        assertThat(claim(later, later.plusSeconds(30), 10).await().atMost(WAIT)).containsExactly(customer);
        assertThat(pending.release(List.of(customer), leaseEnd).await().atMost(WAIT))
                .as("the first taker's lease is over")
                .isZero();
        assertThat(pending.release(List.of(customer), later.plusSeconds(30))
                        .await()
                        .atMost(WAIT))
                .isEqualTo(1);
    }

    @Test
    void markingDoesNotPostponeACustomerAlreadyWaiting() {
        String customer = customer();
        pending.mark(List.of(customer), LONG_AGO).await().atMost(WAIT);
        pending.mark(List.of(customer), LONG_AGO.plusSeconds(60)).await().atMost(WAIT);

        assertThat(pending.pendingSince(customer).await().atMost(WAIT)).isEqualTo(Optional.of(LONG_AGO));
        assertThat(pending.size().await().atMost(WAIT)).isEqualTo(1);
    }
}
