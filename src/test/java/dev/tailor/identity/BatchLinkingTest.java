package dev.tailor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerEvent;
import dev.tailor.events.IdentifierKeys;
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
 * {@link IdentityLinker#linkAll} against the real Redis: a batch of calls repeating known links goes by in one
 * check, and a batch mixing them with calls that link anew ends as linking every call in turn would.
 */
@QuarkusTest
class BatchLinkingTest {

    @Inject
    IdentityLinker linker;

    @Inject
    RedisDataSource redis;

    static CustomerEvent identify(String userId, String anonymousId, String email) {
        Map<String, Object> traits = email == null ? Map.of() : Map.of("email", email);
        return new CustomerEvent(
                "identify",
                UUID.randomUUID().toString(),
                userId,
                userId,
                anonymousId,
                null,
                null,
                null,
                traits,
                Instant.now(),
                Instant.now());
    }

    private void linkAll(CustomerEvent... events) {
        linker.linkAll(List.of(events)).await().atMost(Duration.ofSeconds(10));
    }

    private String owner(String identifier) {
        return redis.value(String.class).get(IdentifierKeys.linkKey(identifier));
    }

    @Test
    void callsRepeatingKnownLinksChangeNothing() {
        String user = "user-" + UUID.randomUUID();
        String device = "anon-" + UUID.randomUUID();
        String email = user + "@example.com";
        linkAll(identify(user, device, email));
        assertThat(owner(device)).isEqualTo(user);
        assertThat(owner(email)).isEqualTo(user);

        linkAll(identify(user, device, email), identify(user, device, email), identify(user, null, email));

        assertThat(owner(device)).isEqualTo(user);
        assertThat(owner(email)).isEqualTo(user);
        assertThat(redis.set(String.class).smembers(Identities.identifiersKey(user)))
                .containsExactlyInAnyOrder("u:" + user, "a:" + device, "e:" + email);
    }

    @Test
    void aLinkMadeEarlierInTheBatchIsSeenByTheCallsAfterIt() {
        String first = "user-" + UUID.randomUUID();
        String second = "user-" + UUID.randomUUID();
        String device = "anon-" + UUID.randomUUID();
        linkAll(identify(first, device, null), identify(second, null, null));
        assertThat(owner(device)).isEqualTo(first);

        // Checked before the batch, the last call repeats a known link; after the call before it (a shared device
        // changing hands) it no longer does, and the device must end with the user who signed in last.
        linkAll(identify(second, device, null), identify(first, device, null));

        assertThat(owner(device)).isEqualTo(first);
        assertThat(redis.set(String.class).smembers(Identities.identifiersKey(first)))
                .contains("a:" + device);
        assertThat(redis.set(String.class).smembers(Identities.identifiersKey(second)))
                .doesNotContain("a:" + device);
    }

    @Test
    void aBatchOfNewCallsLinksEachOfThem() {
        String user = "user-" + UUID.randomUUID();
        String other = "user-" + UUID.randomUUID();
        String device = "anon-" + UUID.randomUUID();
        String email = other + "@example.com";

        linkAll(identify(user, device, null), identify(other, null, email));

        assertThat(owner(device)).isEqualTo(user);
        assertThat(owner(email)).isEqualTo(other);
        assertThat(redis.set(String.class).smembers(Identities.identifiersKey(user)))
                .containsExactlyInAnyOrder("u:" + user, "a:" + device);
    }
}
