package dev.tailor.facts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.events.CustomerKeys;
import dev.tailor.schema.EventUpgrader;
import dev.tailor.shared.redis.RedisKeyScan;
import dev.tailor.shared.redis.RedisScript;
import dev.tailor.shared.redis.ScriptArgumentException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Customer facts in Redis, the facts feature's entry for every other one: one hash per customer
 * ({@code tailor:c:{id}}) read in one round trip, and beside it the messageIds applied within the dedup window
 * ({@code tailor:c:{id}:applied}, a sorted set). Events are applied by a Lua script so that the duplicate check and
 * the update are one atomic step ({@link ApplyEventCalls} works out its call, {@link ApplyEventCall} checks it as the
 * script does: an event it would refuse fails with a {@link ScriptArgumentException}). Only facts declared by the
 * active rule set ({@link TrackedFacts}) are kept. Reads follow an id merged into another customer to that one
 * ({@link FactsHashes}) and decode the hash as a rule set sees it ({@link FactsDecoder}) or as audits do
 * ({@link CustomerProfiles}).
 *
 * <p>Hash fields: {@code v} version (applied events); {@code t:<trait>} JSON value; {@code tu} when traits last
 * changed; an event's stats and time buckets under short codes of its name ({@link FieldNames}, {@link EventStats},
 * {@link OwnSeries}, {@link Series}, {@link GroupedSeries}, apply-event.lua). Fields starting with {@code d} belong
 * to the decisions recorded for the customer (DecisionStateStore) and are left alone here.
 */
@ApplicationScoped
public class FactsStore {

    /** What the customer's applied messageIds' key adds to its facts key. */
    private static final String APPLIED = ":applied";

    private static final RedisScript FORGET = RedisScript.load(FactsStore.class, ForgetFactsCall.SCRIPT);

    private final ReactiveRedisDataSource redis;
    private final TrackedFacts tracked;
    private final ApplyEventCalls calls;
    private final ApplyEvents applying;
    private final FactsHashes hashes;
    private final KnownCustomers known;
    private final FactsDecoder decoder;
    private final CustomerProfiles profiles;

    public FactsStore(
            ReactiveRedisDataSource redis,
            ObjectMapper json,
            FactsConfig config,
            TrackedFacts tracked,
            EventUpgrader upgrader,
            RedisKeyScan keyScan,
            UnplacedTombstones unplaced) {
        TraitJson traits = new TraitJson(json);
        this.redis = redis;
        this.tracked = tracked;
        this.calls = new ApplyEventCalls(upgrader, config.dedupWindow(), traits);
        this.applying = new ApplyEvents(redis, unplaced);
        this.hashes = new FactsHashes(redis.getRedis());
        this.known = new KnownCustomers(redis.getRedis(), keyScan);
        this.decoder = new FactsDecoder(new RecentSchemaCodes(upgrader), traits);
        this.profiles = new CustomerProfiles(traits);
    }

    public static String factsKey(String customerId) {
        return CustomerKeys.of(customerId);
    }

    /** The messageIds applied to the customer's facts within the dedup window (see apply-event.lua). */
    public static String appliedKey(String customerId) {
        return factsKey(customerId) + APPLIED;
    }

    /**
     * Applies an event at the current time unless its messageId was applied before or its customer was erased after
     * receiving it; emits whether it was. An id merged into another customer has its events applied to that one's
     * facts ({@link ApplyEvents}).
     */
    public Uni<Boolean> apply(CustomerEvent event) {
        return apply(event, Instant.now());
    }

    /**
     * Applies an event as if at {@code now}, which decides what has aged out of the buckets; scenario tests
     * apply at a simulated time.
     */
    public Uni<Boolean> apply(CustomerEvent event, Instant now) {
        return apply(event, now, tracked.schema());
    }

    /** Applies an event keeping the facts {@code schema} declares (a rule set's own, in its scenario tests). */
    public Uni<Boolean> apply(CustomerEvent event, Instant now, FactSchema schema) {
        return apply(event, now, schema, APPLIED);
    }

    /**
     * Back-fills newly declared facts from an event already applied: only the facts of {@code newFacts} (events
     * no active rule set tracked before) are written, and the duplicate check uses a set of its own for this
     * back-fill, {@code pass}, since the event's messageId is already among the customer's applied ones.
     */
    public Uni<Boolean> backfill(CustomerEvent event, Instant now, FactSchema newFacts, String pass) {
        return apply(event, now, newFacts, ":backfill:" + pass);
    }

    private Uni<Boolean> apply(CustomerEvent event, Instant now, FactSchema schema, String dedupSuffix) {
        return Uni.createFrom()
                .item(() -> calls.of(event, now, schema, dedupSuffix))
                .flatMap(applying::apply);
    }

    /**
     * Applies many events at the current time in one pipelined round trip, each exactly as {@link #apply} would
     * and in the list's order (so one customer's events keep theirs); emits, per event in order, whether it was
     * applied (false: its messageId was applied before, possibly earlier in the same list). Fails as a whole if
     * Redis fails; running the list again is safe, events already applied are recognised. Events of ids merged into
     * other customers are applied to those in a second round trip, after the rest ({@link ApplyEvents}).
     */
    public Uni<List<Boolean>> applyAll(List<CustomerEvent> events) {
        Instant now = Instant.now();
        FactSchema schema = tracked.schema();
        return Uni.createFrom()
                .item(() -> events.stream()
                        .map(event -> calls.of(event, now, schema, APPLIED))
                        .toList())
                .flatMap(applying::applyAll);
    }

    /**
     * Removes everything kept about a customer's facts, its applied messageIds too; the decisions recorded in the
     * same hash stay, so that a replay's rebuilt facts are decided against them (erasure removes the whole key).
     */
    public Uni<Void> forget(String customerId) {
        return Uni.createFrom()
                .item(() -> new ForgetFactsCall(factsKey(customerId), appliedKey(customerId)))
                .flatMap(call -> FORGET.run(redis, call))
                .replaceWithVoid();
    }

    /** The customer's facts as of {@code now}; a customer never seen has none. */
    public Uni<Customer> read(String customerId, Instant now) {
        return read(customerId, now, tracked.schema());
    }

    /** The customer's facts as of {@code now}, as a rule set declaring {@code schema} may see them. */
    public Uni<Customer> read(String customerId, Instant now, FactSchema schema) {
        return hashes.following(customerId).map(found -> decoder.decode(found, now, schema));
    }

    /** The customer's facts as of {@code now} as each of several rule sets may see them, from one read. */
    public Uni<List<Customer>> read(String customerId, Instant now, List<FactSchema> schemas) {
        return hashes.following(customerId)
                .map(found -> schemas.stream()
                        .map(schema -> decoder.decode(found, now, schema))
                        .toList());
    }

    /**
     * The facts of many customers as of {@code now}, read in one pipelined round trip (send-time pre-rendering):
     * one entry per id, in order.
     */
    public Uni<List<Customer>> readAll(List<String> customerIds, Instant now, FactSchema schema) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return hashes.following(customerIds)
                .map(found -> found.stream()
                        .map(stored -> decoder.decode(stored, now, schema))
                        .toList());
    }

    /** The facts of a customer Tailor knows nothing about: what the default decision is made from. */
    public Customer noFacts(String customerId, Instant now, FactSchema schema) {
        return decoder.none(customerId, now, schema);
    }

    /** The customer's hash as stored, undecoded (the render benchmark's floor reads exactly what a decision reads). */
    public Uni<Map<String, String>> stored(String customerId) {
        return hashes.own(customerId);
    }

    /**
     * What data-quality audits look at for many customers, read in one pipelined round trip: every stored trait,
     * whatever the rule sets declare, and how busy each customer has been. One per id, in order.
     */
    public Uni<List<CustomerProfile>> profiles(List<String> customerIds, Instant now) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return hashes.own(customerIds).map(found -> {
            List<CustomerProfile> read = new ArrayList<>(customerIds.size());
            for (int i = 0; i < customerIds.size(); i++) {
                read.add(profiles.of(new StoredFacts(customerIds.get(i), found.get(i)), now));
            }
            return read;
        });
    }

    /** Whether the customer has facts of its own (a hash under its id), as identity resolution asks of an id. */
    public Uni<Boolean> exists(String customerId) {
        return known.exists(customerId);
    }

    /** Which of {@code customerIds} have facts, asked in one pipelined round trip. */
    public Uni<Set<String>> known(Collection<String> customerIds) {
        return known.known(customerIds);
    }

    /**
     * Walks the customers that have facts, a page at a time (Redis SCAN: each customer present throughout the
     * walk is seen at least once). Start with cursor "0".
     */
    public Uni<CustomerScan> scan(String cursor, int pageSize) {
        return known.scan(cursor, pageSize);
    }
}
