package dev.tailor.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What a key may do: send events, ask for decisions, administer Tailor. */
public enum Scope {
    INGEST, DECIDE, ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads "ingest,decide"; throws IllegalArgumentException naming an unknown scope. */
    public static Set<Scope> parse(String scopes) {
        Set<Scope> parsed = EnumSet.noneOf(Scope.class);
        for (String scope : scopes.split(",")) {
            if (!scope.isBlank()) {
                try {
                    parsed.add(Scope.valueOf(scope.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("unknown scope " + scope.strip()
                            + "; scopes are ingest, decide and admin");
                }
            }
        }
        return parsed;
    }

    public static String format(Set<Scope> scopes) {
        return scopes.stream().map(Scope::id).sorted().collect(Collectors.joining(","));
    }

    /** The scope a request path needs; null for the open ones (health, metrics, OpenAPI). */
    public static Scope requiredFor(String path) {
        if (path.startsWith("/q/")) {
            return null;
        }
        if (path.startsWith("/v1/decisions") || path.startsWith("/v1/floor")) { // the floor: a decision without rules
            return DECIDE;
        }
        if (path.startsWith("/v1/")) {
            return INGEST;
        }
        return ADMIN;
    }

    static Set<Scope> all() {
        return EnumSet.copyOf(Arrays.asList(values()));
    }
}
