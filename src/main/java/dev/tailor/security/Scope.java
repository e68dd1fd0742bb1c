package dev.tailor.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a key may do: send events, ask for decisions, administer Tailor; and, for trusted server-side sources,
 * let their identify and alias calls merge profiles of known customers (identity, which opens no endpoint of its
 * own: such a source holds ingest and identity).
 */
public enum Scope {
    INGEST,
    DECIDE,
    ADMIN,
    IDENTITY;

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
                    throw new IllegalArgumentException(
                            "unknown scope " + scope.strip() + "; scopes are ingest, decide, admin and identity");
                }
            }
        }
        return parsed;
    }

    public static String format(Set<Scope> scopes) {
        return scopes.stream().map(Scope::id).sorted().collect(Collectors.joining(","));
    }

    /** Whether a grant lets this request's identify and alias calls merge known customers. */
    public static boolean trustsIdentity(Object grant) {
        return grant instanceof ApiKeyGrant given && given.scopes().contains(IDENTITY);
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
