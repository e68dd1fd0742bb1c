package dev.tailor.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.events.CustomerEvent;
import dev.tailor.events.Identifier;
import dev.tailor.events.Identifier.Kind;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.shared.redis.RedisScript;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Links, merges and unmerges are sequences of single-slot steps (ADR 0012) on the real Redis: linkers racing for one
 * identifier end with the link and both identifiers sets agreeing, and a merge or unmerge stopped after any step (as
 * a node dying would leave it) is finished by the next attempt without counting a fact twice.
 */
@QuarkusTest
class IdentityStepsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration YEAR = Duration.ofDays(400);

    @Inject
    IdentityLinker linker;

    @Inject
    IdentitySeparation separation;

    @Inject
    IdentityJournal journal;

    @Inject
    FactsStore facts;

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource reactive;

    private static String id(String kind) {
        return kind + "-" + UUID.randomUUID();
    }

    private static CustomerEvent identify(String userId, String anonymousId) {
        return BatchLinkingTest.identify(userId, anonymousId, null);
    }

    private static void ordered(String idField, String id, double revenue) {
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        idField,
                        id,
                        "event",
                        "Order Completed",
                        "messageId",
                        UUID.randomUUID().toString(),
                        "properties",
                        Map.of("revenue", revenue, "category", "shoes")))
                .post("/v1/track")
                .then()
                .statusCode(200);
    }

    private Customer factsOf(String id) {
        return facts.read(id, Instant.now()).await().atMost(WAIT);
    }

    private String link(String identifier) {
        return redis.value(String.class).get(IdentifierKeys.linkKey(identifier));
    }

    private Set<String> identifiers(String customer) {
        return redis.set(String.class).smembers(Identities.identifiersKey(customer));
    }

    private boolean exists(String key) {
        return redis.key(String.class).exists(key);
    }

    @Test
    void linkersRacingForOneDeviceEndWithTheLinkAndBothSetsAgreeing() {
        for (int round = 0; round < 20; round++) {
            String first = id("user");
            String second = id("user");
            String device = id("anon");
            Uni.join()
                    .all(linker.link(identify(first, device)), linker.link(identify(second, device)))
                    .andFailFast()
                    .await()
                    .atMost(WAIT);

            String owner = link(device);
            String other = owner.equals(first) ? second : first;
            assertThat(owner).isIn(first, second);
            assertThat(identifiers(owner)).contains("a:" + device, "u:" + owner);
            assertThat(identifiers(other)).containsExactly("u:" + other);
            assertThat(exists(Identities.movedKey(device))).isFalse();
        }
    }

    /** A merge stopped after {@code done} of its steps, then asked for again (by the administrator or the call). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aMergeStoppedAfterAnyStepIsFinishedOnceWhenRepeated(int done) {
        String survivor = id("user");
        String merged = id("anon");
        String device = id("anon");
        ordered("userId", survivor, 4.0);
        ordered("anonymousId", merged, 6.0);
        ordered("anonymousId", merged, 5.0);
        await().atMost(WAIT).until(() -> factsOf(survivor).countEver("Order Completed") == 1);
        await().atMost(WAIT).until(() -> factsOf(merged).countEver("Order Completed") == 2);
        linker.repoint(new Identifier(Kind.ANONYMOUS, device), "", merged)
                .await()
                .atMost(WAIT);
        linker.listOwn(merged, "a:" + merged).await().atMost(WAIT);
        linker.listOwn(survivor, "u:" + survivor).await().atMost(WAIT);

        if (done >= 1) {
            assertThat(linker.freeze(survivor, merged).await().atMost(WAIT)).isTrue();
        }
        if (done >= 2) {
            linker.repoint(merged, survivor).await().atMost(WAIT);
        }
        if (done >= 3) {
            linker.absorb(survivor, merged, IdentityLinker.Cause.ADMIN, "admin", 1)
                    .await()
                    .atMost(WAIT);
        }
        if (done >= 4) {
            // The commit's first half: the merged keys deleted, the survivor not yet told.
            RedisScript.load(IdentityLinker.class, DropMergedCall.SCRIPT)
                    .run(reactive, DropMergedCall.of(merged, survivor))
                    .await()
                    .atMost(WAIT);
        }

        if (done % 2 == 0) {
            linker.merge(survivor, merged).await().atMost(WAIT);
        } else {
            linker.link(identify(survivor, merged)).await().atMost(WAIT);
        }

        Customer facts = factsOf(survivor);
        assertThat(facts.countEver("Order Completed")).isEqualTo(3);
        assertThat(facts.sum("Order Completed", "revenue", YEAR)).isEqualTo(15.0);
        assertThat(link(merged)).isEqualTo(survivor);
        assertThat(link(device)).isEqualTo(survivor);
        assertThat(identifiers(survivor)).containsExactlyInAnyOrder("u:" + survivor, "a:" + merged, "a:" + device);
        assertThat(List.of(
                        FactsStore.factsKey(merged),
                        FactsStore.appliedKey(merged),
                        Identities.identifiersKey(merged),
                        Identities.mergedKey(survivor),
                        Identities.movedKey(merged),
                        Identities.movedKey(device)))
                .noneMatch(this::exists);

        // Asked for once more, nothing changes.
        linker.merge(survivor, merged).await().atMost(WAIT);
        assertThat(factsOf(survivor).countEver("Order Completed")).isEqualTo(3);
    }

    /** An unmerge stopped after {@code done} of its steps, then asked for again. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void anUnmergeStoppedAfterAnyStepIsFinishedWhenRepeated(int done) {
        String survivor = id("user");
        String merged = id("anon");
        String device = id("anon");
        ordered("userId", survivor, 4.0);
        ordered("anonymousId", merged, 6.0);
        await().atMost(WAIT).until(() -> factsOf(survivor).countEver("Order Completed") == 1);
        await().atMost(WAIT).until(() -> factsOf(merged).countEver("Order Completed") == 1);
        linker.repoint(new Identifier(Kind.ANONYMOUS, device), "", merged)
                .await()
                .atMost(WAIT);
        linker.listOwn(merged, "a:" + merged).await().atMost(WAIT);
        assertThat(linker.merge(survivor, merged).await().atMost(WAIT)).isTrue();
        journal.record();

        if (done >= 1) {
            linker.repoint(new Identifier(Kind.ANONYMOUS, merged), survivor, "")
                    .await()
                    .atMost(WAIT);
        }
        if (done >= 2) {
            linker.listOwn(merged, "a:" + merged).await().atMost(WAIT);
        }
        if (done >= 3) {
            linker.repoint(new Identifier(Kind.ANONYMOUS, device), survivor, merged)
                    .await()
                    .atMost(WAIT);
        }
        assertThat(separation.separate(survivor, merged)).isTrue();

        assertThat(link(merged)).isNull();
        assertThat(link(device)).isEqualTo(merged);
        assertThat(identifiers(merged)).containsExactlyInAnyOrder("a:" + merged, "a:" + device);
        assertThat(identifiers(survivor)).doesNotContain("a:" + merged, "a:" + device);
        assertThat(exists(Identities.movedKey(device))).isFalse();
        assertThat(exists(Identities.movedKey(merged))).isFalse();
        assertThat(factsOf(survivor).sum("Order Completed", "revenue", YEAR)).isEqualTo(4.0);
        assertThat(factsOf(merged).sum("Order Completed", "revenue", YEAR)).isEqualTo(6.0);
    }
}
