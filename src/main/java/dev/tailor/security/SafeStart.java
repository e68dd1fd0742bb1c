package dev.tailor.security;

import java.util.Optional;

/**
 * What {@code tailor.security.startup-checks} (on in the prod profile) refuses to start with, each refusal saying
 * what to set instead.
 */
final class SafeStart {

    /** The key scripts/run.sh uses on a developer's machine; public, since it is written in the README. */
    static final String DEVELOPMENT_KEY = "tailor-local-dev-key";

    static final int SHORTEST_KEY = 24;

    static final String NO_ADMIN_KEY = "No API key has the admin scope, so no one could administer Tailor. For the "
            + "first start set TAILOR_BOOTSTRAP_KEY (tailor.security.bootstrap-key) to a secret of " + SHORTEST_KEY
            + " or more random characters and TAILOR_SECURITY_BOOTSTRAP_SCOPES to a list holding admin.";

    private SafeStart() {}

    /** Why the configuration is unsafe, if it is (the admin key's existence is checked once keys are loaded). */
    static Optional<String> refusal(SecurityConfig config) {
        if (!config.enabled()) {
            return Optional.of("tailor.security.enabled=false would open every endpoint to anyone. Remove it (keys "
                    + "are needed), or set tailor.security.startup-checks=false to run without keys on purpose.");
        }
        Optional<String> key = config.bootstrapKey().map(String::strip).filter(k -> !k.isEmpty());
        if (key.isPresent() && key.get().equals(DEVELOPMENT_KEY)) {
            return Optional.of("The bootstrap key is the development key of scripts/run.sh, which anyone can read. "
                    + "Set TAILOR_BOOTSTRAP_KEY (tailor.security.bootstrap-key) to a secret of " + SHORTEST_KEY
                    + " or more random characters, e.g. from `openssl rand -base64 24`.");
        }
        if (key.isPresent() && key.get().length() < SHORTEST_KEY) {
            return Optional.of("The bootstrap key is shorter than " + SHORTEST_KEY + " characters. Set "
                    + "TAILOR_BOOTSTRAP_KEY (tailor.security.bootstrap-key) to a longer random secret, e.g. from "
                    + "`openssl rand -base64 24`.");
        }
        return Optional.empty();
    }

    static void refuse(String why) {
        throw new IllegalStateException("Tailor refuses to start: " + why);
    }
}
