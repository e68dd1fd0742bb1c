package dev.tailor.security;

import java.util.Set;

/** What a presented key is allowed: the in-memory form of a live key, looked up by hash on every request. */
public record ApiKeyGrant(long id, String name, Set<Scope> scopes, Integer ratePerSecond) {}
