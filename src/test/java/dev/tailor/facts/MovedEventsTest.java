package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.events.CustomerEvent;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.testing.LoggedEvents;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Events of an id merged into another customer, in the real Redis: apply-event.lua answers "moved" without writing
 * (it touches only the keys of the customer it is given, one cluster slot), and FactsStore applies the event to the
 * customer the id was merged into, following up to three links, once per messageId there.
 */
@QuarkusTest
class MovedEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    FactsStore store;

    @Inject
    RedisDataSource redis;

    @Inject
    TrackedFacts tracked;

    private static CustomerEvent track(String customerId, String event) {
        return LoggedEvents.track(customerId, event, Instant.now());
    }

    private static String customer() {
        return "moved-" + UUID.randomUUID();
    }

    /** {@code id} merged into {@code into}, as identity links it. */
    private void link(String id, String into) {
        redis.value(String.class).set(IdentifierKeys.linkKey(id), into);
    }

    private boolean apply(CustomerEvent event) {
        return store.apply(event).await().atMost(WAIT);
    }

    /** How many times the customer's own hash counted the event (merged ids have none). */
    private long ownCount(String customerId, String event) {
        Map<String, String> own = store.stored(customerId).await().atMost(WAIT);
        return own.isEmpty()
                ? 0
                : store.read(customerId, Instant.now()).await().atMost(WAIT).countEver(event);
    }

    @Test
    void anEventOfAMergedIdLandsOnItsSurvivorOnce() {
        String merged = customer();
        String survivor = customer();
        link(merged, survivor);
        CustomerEvent added = track(merged, "Product Added");

        assertThat(apply(added)).isTrue();
        assertThat(apply(added)).as("redelivered").isFalse();

        assertThat(ownCount(survivor, "Product Added")).isEqualTo(1);
        assertThat(store.stored(merged).await().atMost(WAIT)).isEmpty();
        assertThat(redis.key(String.class).exists(FactsStore.appliedKey(merged)))
                .isFalse();
        assertThat(redis.sortedSet(String.class).zcard(FactsStore.appliedKey(survivor)))
                .isEqualTo(1);
    }

    @Test
    void anEventAppliedBeforeItsCustomerWasFrozenForAMergeCountsAsAppliedWhenRedelivered() {
        String merged = customer();
        String survivor = customer();
        CustomerEvent added = track(merged, "Product Added");
        assertThat(apply(added)).isTrue();
        // The merge's first step links the merged id to the survivor; its facts and messageIds are copied later.
        link(merged, survivor);

        assertThat(apply(added))
                .as("redelivered between the freeze and the copy")
                .isFalse();
        assertThat(store.stored(survivor).await().atMost(WAIT)).isEmpty();
        assertThat(ownCount(merged, "Product Added")).isEqualTo(1);
        assertThat(apply(track(merged, "Product Added")))
                .as("a new event moves")
                .isTrue();
        assertThat(ownCount(survivor, "Product Added")).isEqualTo(1);
    }

    @Test
    void anEventFollowsTwoLinks() {
        String first = customer();
        String second = customer();
        String last = customer();
        link(first, second);
        link(second, last);

        assertThat(apply(track(first, "Product Added"))).isTrue();

        assertThat(ownCount(last, "Product Added")).isEqualTo(1);
        assertThat(store.stored(second).await().atMost(WAIT)).isEmpty();
        assertThat(store.stored(first).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void linksInALoopFailTheEventWithoutWritingAnything() {
        String one = customer();
        String other = customer();
        link(one, other);
        link(other, one);

        assertThatThrownBy(() -> apply(track(one, "Product Added"))).isInstanceOf(MovedTooOftenException.class);
        assertThat(store.stored(one).await().atMost(WAIT)).isEmpty();
        assertThat(store.stored(other).await().atMost(WAIT)).isEmpty();
    }

    @Test
    void aBatchSendsItsMovedEventsAgainToTheirSurvivors() {
        String merged = customer();
        String survivor = customer();
        String twice = customer();
        String alone = customer();
        link(merged, survivor);
        link(twice, merged);
        CustomerEvent first = track(merged, "Product Added");
        List<CustomerEvent> batch = List.of(
                first,
                track(survivor, "Product Added"),
                first,
                track(twice, "Product Added"),
                track(alone, "Product Added"));

        List<Boolean> applied = store.applyAll(batch).await().atMost(WAIT);

        assertThat(applied).containsExactly(true, true, false, true, true);
        assertThat(ownCount(survivor, "Product Added")).isEqualTo(3);
        assertThat(ownCount(alone, "Product Added")).isEqualTo(1);
        assertThat(store.applyAll(batch).await().atMost(WAIT)).as("redelivered").containsOnly(false);
    }

    @Test
    void aBackfillOfAMergedIdsEventUsesTheSurvivorsPass() {
        String merged = customer();
        String survivor = customer();
        link(merged, survivor);
        CustomerEvent added = track(merged, "Product Added");

        assertThat(store.backfill(added, Instant.now(), tracked.schema(), "p1")
                        .await()
                        .atMost(WAIT))
                .isTrue();
        assertThat(store.backfill(added, Instant.now(), tracked.schema(), "p1")
                        .await()
                        .atMost(WAIT))
                .isFalse();

        assertThat(redis.sortedSet(String.class).zcard(FactsStore.factsKey(survivor) + ":backfill:p1"))
                .isEqualTo(1);
        assertThat(redis.key(String.class).exists(FactsStore.factsKey(merged) + ":backfill:p1"))
                .isFalse();
    }
}
