package dev.tailor.security;

import dev.tailor.shared.error.InvalidRequestException;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * API keys: made, rotated and revoked through the admin API, stored as SHA-256 hashes in PostgreSQL, and held in
 * memory by hash so that checking a key costs no round trip (and keeps working while PostgreSQL is away).
 * Keys are 190 random bits, so a fast hash is enough: there is nothing to guess. Admin methods block.
 */
@ApplicationScoped
public class ApiKeyService {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final ApiKeyRepository keys;
    private final RetiredKeyHashRepository retiredHashes;
    private final SecurityConfig config;
    private final AtomicReference<Map<String, ApiKeyGrant>> byHash = new AtomicReference<>(Map.of());

    public ApiKeyService(ApiKeyRepository keys, RetiredKeyHashRepository retiredHashes, SecurityConfig config) {
        this.keys = keys;
        this.retiredHashes = retiredHashes;
        this.config = config;
    }

    /** A key made now: the only time its secret is seen. */
    public record IssuedKey(long id, String name, String key, Set<Scope> scopes, Integer ratePerSecond) {}

    /** A key as listed: no secret, a hint of its last characters. */
    public record KeyView(
            long id,
            String name,
            String hint,
            String scopes,
            Integer ratePerSecond,
            Instant createdAt,
            Instant rotatedAt,
            Instant revokedAt) {}

    public Optional<ApiKeyGrant> grantFor(String presentedKey) {
        return Optional.ofNullable(byHash.get().get(hash(presentedKey)));
    }

    public IssuedKey create(String name, String scopes, Integer ratePerSecond) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name", "is required");
        }
        Set<Scope> parsed;
        try {
            parsed = Scope.parse(scopes == null ? "" : scopes);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("scopes", e.getMessage());
        }
        if (parsed.isEmpty()) {
            throw new InvalidRequestException("scopes", "must hold at least one of ingest, decide, admin, identity");
        }
        if (ratePerSecond != null && ratePerSecond < 1) {
            throw new InvalidRequestException("ratePerSecond", "must be at least 1 when given");
        }
        String secret = "tlr_" + random(32);
        ApiKey stored = store(name, secret, parsed, ratePerSecond);
        reload();
        return new IssuedKey(stored.id, name, secret, parsed, ratePerSecond);
    }

    /**
     * A new secret for the same key: the id, name, scopes and limit stay, so that the id an operator holds (to
     * rotate again or revoke) always names the live secret. The old secret stops working at once and its hash is
     * kept as retired, so that it is never accepted again. The row is locked so that two rotations queue.
     */
    public IssuedKey rotate(long id) {
        String secret = "tlr_" + random(32);
        ApiKey rotated = BlockingDb.transaction(() -> keys.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(key -> {
                    if (key == null || key.revokedAt != null) {
                        return Uni.createFrom().failure(new ApiKeyNotFoundException(id));
                    }
                    RetiredKeyHash retired = new RetiredKeyHash();
                    retired.keyHash = key.keyHash;
                    retired.keyId = key.id;
                    retired.retiredAt = Instant.now();
                    return retiredHashes.persist(retired).map(ignored -> {
                        key.keyHash = hash(secret);
                        key.keyHint = hint(secret);
                        key.rotatedAt = retired.retiredAt;
                        return key;
                    });
                }));
        reload();
        return new IssuedKey(rotated.id, rotated.name, secret, Scope.parse(rotated.scopes), rotated.ratePerSecond);
    }

    public void revoke(long id) {
        int updated = BlockingDb.transaction(
                () -> keys.update("revokedAt = ?1 where id = ?2 and revokedAt is null", Instant.now(), id));
        if (updated == 0) {
            throw new ApiKeyNotFoundException(id);
        }
        reload();
    }

    public List<KeyView> list() {
        return BlockingDb.session(() -> keys.listAll()).stream()
                .map(k -> new KeyView(
                        k.id,
                        k.name,
                        "…" + k.keyHint,
                        k.scopes,
                        k.ratePerSecond,
                        k.createdAt,
                        k.rotatedAt,
                        k.revokedAt))
                .toList();
    }

    /** After the schema exists (Flyway runs at start) and before traffic: the first admin key, then the cache. */
    void onStart(
            @Observes @Priority(jakarta.interceptor.Interceptor.Priority.LIBRARY_BEFORE - 200) StartupEvent event) {
        if (config.startupChecks()) {
            SafeStart.refusal(config).ifPresent(SafeStart::refuse);
        }
        if (!config.enabled()) {
            return;
        }
        config.bootstrapKey().filter(key -> !key.isBlank()).ifPresent(this::bootstrap);
        reload();
        if (config.startupChecks()
                && byHash.get().values().stream().noneMatch(k -> k.scopes().contains(Scope.ADMIN))) {
            SafeStart.refuse(SafeStart.NO_ADMIN_KEY);
        }
    }

    void bootstrap(String key) {
        String hash = hash(key);
        // A bootstrap key that was rotated away or revoked stays so: its hash is still known, live or retired.
        boolean known = BlockingDb.session(() -> keys.count("keyHash", hash)
                        .chain(live -> retiredHashes.count("keyHash", hash).map(retired -> live + retired)))
                > 0;
        if (!known) {
            store("bootstrap", key, Scope.parse(config.bootstrapScopes()), null);
            Log.infof("Bootstrap API key stored with scopes %s", config.bootstrapScopes());
        }
    }

    @Scheduled(
            every = "${tailor.security.reload-every:10s}",
            delayed = "${tailor.security.reload-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        if (!config.enabled()) {
            return;
        }
        try {
            List<ApiKey> live = BlockingDb.session(() -> keys.list("revokedAt is null"));
            byHash.set(live.stream()
                    .collect(Collectors.toUnmodifiableMap(
                            k -> k.keyHash,
                            k -> new ApiKeyGrant(k.id, k.name, Scope.parse(k.scopes), k.ratePerSecond))));
        } catch (RuntimeException e) {
            Log.warnf(
                    "Could not reload API keys, keeping the %d known: %s",
                    byHash.get().size(), e.toString());
        }
    }

    private ApiKey store(String name, String secret, Set<Scope> scopes, Integer ratePerSecond) {
        ApiKey key = new ApiKey();
        key.name = name;
        key.keyHash = hash(secret);
        key.keyHint = hint(secret);
        key.scopes = Scope.format(scopes);
        key.ratePerSecond = ratePerSecond;
        key.createdAt = Instant.now();
        return BlockingDb.transaction(() -> keys.persist(key));
    }

    private static String hint(String secret) {
        return secret.substring(Math.max(0, secret.length() - 4));
    }

    static String hash(String key) {
        return DigestUtils.sha256Hex(key);
    }

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }
}
