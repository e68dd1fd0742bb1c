package dev.tailor.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The namespace goes in front of every Redis key, keeping hash tags where they were. */
class RedisKeysTest {

    @Test
    void withoutANamespaceKeysAreTailorsOwn() {
        assertThat(RedisKeys.root(Optional.empty())).isEqualTo("tailor:");
        assertThat(RedisKeys.root(Optional.of(""))).isEqualTo("tailor:");
    }

    @Test
    void aNamespaceComesFirst() {
        assertThat(RedisKeys.root(Optional.of("staging"))).isEqualTo("staging:tailor:");
    }

    @Test
    void aNamespaceThatWouldMoveHashTagsIsRefused() {
        assertThatThrownBy(() -> RedisKeys.root(Optional.of("a{b}")))
                .hasMessageContaining("tailor.namespace")
                .hasMessageContaining("a{b}");
    }
}
