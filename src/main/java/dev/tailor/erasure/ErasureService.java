package dev.tailor.erasure;

import dev.tailor.decisions.DecisionStateStore;
import dev.tailor.events.CustomerKeys;
import dev.tailor.events.Identifier;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.identity.IdentityJournal;
import dev.tailor.identity.IdentityLinker;
import dev.tailor.shared.persistence.BlockingDb;
import dev.tailor.shared.persistence.PersonalDataStore;
import dev.tailor.shared.redis.RedisKeyScan;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Erases a customer (GDPR art. 17): every identifier linked to it is tombstoned first, so that neither the live
 * consumer nor a replay of the log applies an event received before the erasure again; then its Redis keys (facts,
 * applied messageIds, identity links, decisions, render pins), and its records in every {@link PersonalDataStore}
 * go. The audit entry counts what went and names no one. Events received after the erasure start a new profile.
 */
@ApplicationScoped
public class ErasureService {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final RedisDataSource redis;
    private final IdentityLinker identities;
    private final IdentityJournal journal;
    private final DecisionStateStore decisions;
    private final ErasureRepository erasures;
    private final ErasedIdentifierRepository tombstones;
    private final Instance<PersonalDataStore> stores;
    private final MeterRegistry metrics;
    private final RedisKeyScan keyScan;

    public ErasureService(
            RedisDataSource redis,
            IdentityLinker identities,
            IdentityJournal journal,
            DecisionStateStore decisions,
            ErasureRepository erasures,
            ErasedIdentifierRepository tombstones,
            Instance<PersonalDataStore> stores,
            MeterRegistry metrics,
            RedisKeyScan keyScan) {
        this.redis = redis;
        this.identities = identities;
        this.journal = journal;
        this.decisions = decisions;
        this.erasures = erasures;
        this.tombstones = tombstones;
        this.stores = stores;
        this.metrics = metrics;
        this.keyScan = keyScan;
    }

    /** Erases the customer {@code identifier} names (any of its identifiers); blocking. */
    public Erasure erase(String identifier, String requestedBy) {
        String customer = identities.resolve(identifier).await().atMost(WAIT);
        Set<String> identifiers = new TreeSet<>(List.of(identifier, customer));
        identities
                .identifiersOf(customer)
                .await()
                .atMost(WAIT)
                .forEach(member -> identifiers.add(Identifier.parse(member).value()));
        Instant now = Instant.now();

        tombstone(identifiers, now);
        // Links and merges still waiting in the journal are recorded first, so that they are erased with the rest.
        journal.record();
        int keys = 0;
        for (String id : identifiers) {
            keys += deleteKeys(id);
            decisions.forget(id, List.of()).await().atMost(WAIT);
        }
        long records = 0;
        for (PersonalDataStore store : stores) {
            records += store.erase(identifiers);
        }

        Erasure erasure = new Erasure();
        erasure.id = UUID.randomUUID();
        erasure.requestedAt = now;
        erasure.requestedBy = requestedBy;
        erasure.identifiers = identifiers.size();
        erasure.redisKeys = keys;
        erasure.records = (int) records;
        BlockingDb.transaction(() -> erasures.persist(erasure));
        metrics.counter("tailor.erasures").increment();
        return erasure;
    }

    public List<Erasure> recent(int limit) {
        return BlockingDb.session(() -> erasures.findAll(io.quarkus.panache.common.Sort.descending("requestedAt"))
                .page(0, limit)
                .list());
    }

    /**
     * PostgreSQL keeps the tombstones; Redis, where the apply script checks them, a copy in the hash of the slot each
     * identifier's keys as a customer live in, where that script reads it.
     */
    private void tombstone(Set<String> identifiers, Instant at) {
        BlockingDb.transaction(() -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (String id : identifiers) {
                ErasedIdentifier tombstone = new ErasedIdentifier();
                tombstone.digest = IdentifierKeys.digest(id);
                tombstone.erasedAt = at;
                tombstone.slot = TombstoneKeys.slotOf(id);
                all = all.flatMap(ignored -> Panache.getSession().flatMap(session -> session.merge(tombstone)))
                        .replaceWithVoid();
            }
            return all;
        });
        for (String id : identifiers) {
            redis.hash(String.class)
                    .hset(TombstoneKeys.of(id), IdentifierKeys.digest(id), Long.toString(at.toEpochMilli()));
        }
    }

    /**
     * Every key of the customer's namespace (its facts and what features hang off them) and its identity link, all in
     * the customer's slot (on a cluster, its master is the one scanned).
     */
    private int deleteKeys(String id) {
        List<String> keys = new ArrayList<>(keyScan.inSlotOf(CustomerKeys.of(id), CustomerKeys.pattern(id))
                .await()
                .atMost(WAIT));
        keys.add(IdentifierKeys.linkKey(id));
        return redis.key(String.class).del(keys.toArray(String[]::new));
    }
}
