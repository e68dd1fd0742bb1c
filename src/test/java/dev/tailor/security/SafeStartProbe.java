package dev.tailor.security;

import java.util.Optional;

/** The prod profile's start-up checks, for tests outside this package that hold a configuration to check. */
public final class SafeStartProbe {

    private SafeStartProbe() {}

    /** Why Tailor would refuse to start with this configuration, when its start-up checks are on. */
    public static Optional<String> refusal(SecurityConfig config) {
        return config.startupChecks() ? SafeStart.refusal(config) : Optional.empty();
    }
}
