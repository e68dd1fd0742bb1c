package dev.tailor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerEvent;
import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.FactsStore;
import dev.tailor.shared.persistence.BlockingDb;
import dev.tailor.testing.OnRedisCluster;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Identify, alias and an administrator's merge on the local three-master Redis Cluster, with the customers and
 * identifiers of each test on different masters: every step is a script within one slot, so the cluster accepts
 * them all, and the journal is drained from every master.
 */
@QuarkusTest
@TestProfile(OnRedisCluster.class)
class IdentityClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    IdentityLinker linker;

    @Inject
    IdentityJournal journal;

    @Inject
    IdentityRecordRepository records;

    @Inject
    IdentitySeparation separation;

    @Inject
    RedisDataSource redis;

    /** Ids whose keys sit on as many different masters as there are ids (three at most). */
    private static List<String> onDifferentMasters(String... kinds) {
        while (true) {
            List<String> ids = java.util.Arrays.stream(kinds)
                    .map(kind -> kind + "-" + UUID.randomUUID())
                    .toList();
            Set<Integer> masters = new HashSet<>();
            ids.forEach(id -> masters.add(OnRedisCluster.CLUSTER.masterOf(CustomerKeys.of(id))));
            if (masters.size() == ids.size()) {
                return ids;
            }
        }
    }

    private static CustomerEvent call(String type, String userId, String anonymousId, String previousId) {
        return new CustomerEvent(
                type,
                UUID.randomUUID().toString(),
                userId,
                userId,
                anonymousId,
                previousId,
                null,
                null,
                Map.of(),
                Instant.now(),
                Instant.now());
    }

    private String link(String identifier) {
        return redis.value(String.class).get(IdentifierKeys.linkKey(identifier));
    }

    private Set<String> identifiers(String customer) {
        return redis.set(String.class).smembers(Identities.identifiersKey(customer));
    }

    private void profile(String customer, String name, long updated) {
        redis.hash(String.class)
                .hset(
                        FactsStore.factsKey(customer),
                        Map.of("t:name", "\"" + name + "\"", "tu", Long.toString(updated, 36), "v", "1"));
    }

    @Test
    void anIdentifyLinksADeviceOnAnotherMaster() {
        List<String> ids = onDifferentMasters("user", "anon");
        String user = ids.get(0);
        String device = ids.get(1);

        linker.linkAll(List.of(call("identify", user, device, null))).await().atMost(WAIT);
        linker.linkAll(List.of(call("identify", user, device, null))).await().atMost(WAIT);

        assertThat(link(device)).isEqualTo(user);
        assertThat(identifiers(user)).containsExactlyInAnyOrder("u:" + user, "a:" + device);
        assertThat(linker.resolve(device).await().atMost(WAIT)).isEqualTo(user);
    }

    @Test
    void anAliasMergesAnAnonymousProfileOnAnotherMaster() {
        List<String> ids = onDifferentMasters("user", "anon", "anon");
        String user = ids.get(0);
        String previous = ids.get(1);
        String device = ids.get(2);
        profile(previous, "Ada", 1_000);
        linker.link(call("identify", user, null, null)).await().atMost(WAIT);
        // The anonymous profile's own device, on the third master.
        linker.repoint(
                        new dev.tailor.events.Identifier(dev.tailor.events.Identifier.Kind.ANONYMOUS, device),
                        "",
                        previous)
                .await()
                .atMost(WAIT);

        linker.link(call("alias", user, null, previous)).await().atMost(WAIT);

        assertThat(link(previous)).isEqualTo(user);
        assertThat(link(device)).isEqualTo(user);
        assertThat(redis.hash(String.class).hget(FactsStore.factsKey(user), "t:name"))
                .isEqualTo("\"Ada\"");
        assertThat(redis.key(String.class).exists(FactsStore.factsKey(previous)))
                .isFalse();
        assertThat(identifiers(user)).contains("u:" + user, "a:" + previous, "a:" + device);
    }

    @Test
    void anAdministratorMergesTwoUsersOnDifferentMastersAndTheJournalIsRecorded() {
        List<String> ids = onDifferentMasters("user", "user");
        String survivor = ids.get(0);
        String merged = ids.get(1);
        profile(survivor, "Kept", 1_000);
        profile(merged, "Newer", 2_000);
        linker.link(call("identify", survivor, null, null)).await().atMost(WAIT);
        linker.link(call("identify", merged, null, null)).await().atMost(WAIT);

        assertThat(linker.merge(survivor, merged).await().atMost(WAIT)).isTrue();
        journal.record();

        assertThat(linker.resolve(merged).await().atMost(WAIT)).isEqualTo(survivor);
        assertThat(redis.hash(String.class).hget(FactsStore.factsKey(survivor), "t:name"))
                .isEqualTo("\"Newer\"");
        assertThat(identifiers(survivor)).containsExactlyInAnyOrder("u:" + survivor, "u:" + merged);
        IdentityRecord recorded = BlockingDb.session(() -> records.lastMerge(survivor, merged));
        assertThat(recorded).isNotNull();
        assertThat(recorded.identifiers.split(" ")).contains("u:" + merged);
    }

    @Test
    void anUnmergeGivesTheMergedCustomerBackItsIdentifiersAcrossMasters() {
        List<String> ids = onDifferentMasters("user", "user", "anon");
        String survivor = ids.get(0);
        String merged = ids.get(1);
        String device = ids.get(2);
        profile(survivor, "Kept", 1_000);
        profile(merged, "Other", 2_000);
        linker.link(call("identify", survivor, null, null)).await().atMost(WAIT);
        linker.link(call("identify", merged, device, null)).await().atMost(WAIT);
        assertThat(linker.merge(survivor, merged).await().atMost(WAIT)).isTrue();
        assertThat(link(device)).isEqualTo(survivor);
        journal.record();

        assertThat(separation.separate(survivor, merged)).isTrue();

        assertThat(link(merged)).isNull();
        assertThat(link(device)).isEqualTo(merged);
        assertThat(identifiers(merged)).containsExactlyInAnyOrder("u:" + merged, "a:" + device);
        assertThat(identifiers(survivor)).containsExactly("u:" + survivor);
    }
}
