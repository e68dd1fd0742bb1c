package dev.tailor.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** API keys and rate limits. */
@ConfigMapping(prefix = "tailor.security")
public interface SecurityConfig {

    /** Whether every endpoint but health, metrics and OpenAPI needs a key. */
    @WithDefault("true")
    boolean enabled();

    /**
     * A key made at start-up if no key with the admin scope exists yet: the first administrator's way in. Set it
     * from a secret store; rotate it through the admin API afterwards.
     */
    Optional<String> bootstrapKey();

    /** The scopes of the bootstrap key. */
    @WithDefault("admin")
    String bootstrapScopes();

    /**
     * How long a rate-limited key's check waits for Redis before the request goes through unchecked. It adds to a
     * render's answer time, so it stays well below {@code tailor.decisions.facts-budget}.
     */
    @WithDefault("25ms")
    Duration rateLimitBudget();

    /** How often every node reloads keys from PostgreSQL (changes made on this node apply at once). */
    @WithDefault("10s")
    Duration reloadEvery();

    /**
     * Whether Tailor refuses to start unsafely: with security off, with the well-known development key of
     * scripts/run.sh or a bootstrap key under 24 characters, or with no key of the admin scope. On in the prod profile.
     */
    @WithDefault("false")
    boolean startupChecks();

    /** Whether the API description (/q/openapi) and its UI (/q/swagger-ui) need a key of the admin scope. */
    @WithDefault("false")
    boolean protectApiDocs();
}
