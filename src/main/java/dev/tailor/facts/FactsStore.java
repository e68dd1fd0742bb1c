package dev.tailor.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.facts.FactSchema.TrackedEvent;
import dev.tailor.schema.EventUpgrader;
import dev.tailor.shared.redis.RedisScript;
import dev.tailor.shared.redis.ScriptArgumentException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Customer facts in Redis: one hash per customer ({@code tailor:c:{id}}) read in one round trip, and beside it the
 * messageIds applied within the dedup window ({@code tailor:c:{id}:applied}, a sorted set). Events are applied by a
 * Lua script so that the duplicate check and the update are one atomic step. Only facts declared by the active rule
 * set ({@link TrackedFacts}) are kept. The script's arguments are checked here before each call, as the script
 * checks them again: an event it would refuse fails with a {@link ScriptArgumentException}.
 *
 * <p>Hash fields: {@code v} version (applied events); {@code t:<trait>} JSON
 * value; {@code tu} when traits last changed; an event's stats and time buckets under short codes of its name
 * ({@link FieldNames}, {@link EventStats}, {@link OwnSeries}, {@link Series}, {@link GroupedSeries}, apply-event.lua).
 * Fields starting with {@code d} belong to the decisions recorded for the customer (DecisionStateStore) and are left
 * alone here.
 */
@ApplicationScoped
public class FactsStore {

    /** Hourly buckets are kept a day longer than {@link Series#HOURLY}, so late writers never starve a read. */
    private static final Duration HOURS_KEPT = Series.HOURLY.plusDays(1);

    private static final Duration LAST_HOUR = Duration.ofHours(1);
    private static final String APPLY_SCRIPT = "apply-event.lua";
    private static final RedisScript APPLY = RedisScript.load(FactsStore.class, APPLY_SCRIPT);
    private static final RedisScript FORGET = RedisScript.load(FactsStore.class, "forget-facts.lua");
    /** The longest dedup window apply-event.lua accepts (366 days). */
    private static final long MAX_DEDUP_WINDOW_S = 31_622_400L;
    /**
     * The largest magnitude of a number added to a sum: a larger one, or one that is not finite, adds nothing (as a
     * value that is not a number adds nothing), so that a bucket's sum stays finite and its decimal form readable.
     */
    static final double MAX_SUM = 1e15;

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper json;
    private final FactsConfig config;
    private final TrackedFacts tracked;
    private final EventUpgrader upgrader;

    public FactsStore(
            ReactiveRedisDataSource redis,
            ObjectMapper json,
            FactsConfig config,
            TrackedFacts tracked,
            EventUpgrader upgrader) {
        this.upgrader = upgrader;
        this.redis = redis;
        this.json = json;
        this.config = config;
        this.tracked = tracked;
    }

    public static String factsKey(String customerId) {
        return CustomerKeys.of(customerId);
    }

    /** The messageIds applied to the customer's facts within the dedup window (see apply-event.lua). */
    public static String appliedKey(String customerId) {
        return factsKey(customerId) + ":applied";
    }

    /** Applies an event at the current time unless its messageId was applied before; emits whether it was. */
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
        return apply(event, now, schema, appliedKey(event.customerId()));
    }

    /**
     * Back-fills newly declared facts from an event already applied: only the facts of {@code newFacts} (events
     * no active rule set tracked before) are written, and the duplicate check uses a set of its own for this
     * back-fill, {@code pass}, since the event's messageId is already among the customer's applied ones.
     */
    public Uni<Boolean> backfill(CustomerEvent event, Instant now, FactSchema newFacts, String pass) {
        return apply(event, now, newFacts, factsKey(event.customerId()) + ":backfill:" + pass);
    }

    private Uni<Boolean> apply(CustomerEvent event, Instant now, FactSchema schema, String dedupKey) {
        return Uni.createFrom()
                .item(() -> applyCall(event, now, schema, dedupKey))
                .flatMap(call -> APPLY.run(redis, call.keys(), call.args()))
                .map(response -> response.toInteger() == 1);
    }

    /**
     * Applies many events at the current time in one pipelined round trip, each exactly as {@link #apply} would
     * and in the list's order (so one customer's events keep theirs); emits, per event in order, whether it was
     * applied (false: its messageId was applied before, possibly earlier in the same list). Fails as a whole if
     * Redis fails; running the list again is safe, events already applied are recognised.
     */
    public Uni<List<Boolean>> applyAll(List<CustomerEvent> events) {
        Instant now = Instant.now();
        FactSchema schema = tracked.schema();
        return Uni.createFrom()
                .item(() -> events.stream()
                        .map(event -> applyCall(event, now, schema, appliedKey(event.customerId())))
                        .toList())
                .flatMap(calls -> APPLY.runAll(redis, calls))
                .map(responses -> responses.stream()
                        .map(response -> response.toInteger() == 1)
                        .toList());
    }

    /**
     * The keys and arguments of apply-event.lua for one event (see the script for their meaning), checked as the
     * script checks them: times from 1970 to the end of year 9999, a dedup window of 1 s to 366 days.
     */
    private RedisScript.Call applyCall(CustomerEvent logged, Instant now, FactSchema schema, String dedupKey) {
        // Every path that applies events (live, replay, back-fill, scenarios) comes here: one place to upgrade.
        CustomerEvent event = upgrader.upgrade(logged);
        List<String> args = new ArrayList<>();
        args.add(messageDigest(event.messageId()));
        // Seconds, not milliseconds: Redis stores a score below 2^32 in 5 bytes instead of 9.
        args.add(ScriptArgumentException.whole(
                APPLY_SCRIPT, "now", now.getEpochSecond(), 0, ScriptArgumentException.MAX_EPOCH_MS / 1000));
        args.add(ScriptArgumentException.whole(
                APPLY_SCRIPT,
                "tailor.facts.dedup-window",
                Math.max(1, config.dedupWindow().toSeconds()),
                1,
                MAX_DEDUP_WINDOW_S));
        args.add(ScriptArgumentException.epochMillis(APPLY_SCRIPT, "event time", millis(event.timestamp())));
        Optional<TrackedEvent> declared = event.event() == null ? Optional.empty() : schema.event(event.event());
        // An event with time buckets keeps its stats in its own series field.
        args.add(declared.filter(e -> !e.windowed())
                .map(e -> FieldNames.stats(e.name()))
                .orElse(""));
        SeriesArgs series = declared.filter(TrackedEvent::windowed)
                .map(e -> seriesArgs(e, keptSums(e), event.properties(), now))
                .orElse(SeriesArgs.NONE);
        args.add(Integer.toString(series.fields()));
        args.add(IdentifierKeys.digest(event.customerId()));
        args.add(ScriptArgumentException.epochMillis(APPLY_SCRIPT, "received", millis(event.acceptedAt())));
        args.addAll(series.args());
        if ("identify".equals(event.type()) && event.traits() != null) {
            // One field per reserved trait whichever spelling the call used (firstName, first_name).
            ReservedTraits.canonical(event.traits()).forEach((name, value) -> {
                args.add(name);
                args.add(toJson(value));
            });
        }
        return new RedisScript.Call(
                List.of(
                        factsKey(event.customerId()),
                        dedupKey,
                        IdentifierKeys.linkKey(event.customerId()),
                        IdentifierKeys.ERASED),
                args);
    }

    /** Epoch milliseconds, saturated: a time beyond a long's range is out of the scripts' range all the same. */
    private static long millis(Instant time) {
        try {
            return time.toEpochMilli();
        } catch (ArithmeticException e) {
            return time.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * What the duplicate check remembers of a messageId: 48 bits of its SHA-256, as 12 hex digits that the script
     * keeps as 6 bytes (a UUID is 36 characters). It is compared only with one customer's messageIds of the last
     * day (a few hundred at most), so the chance that two of them collide stays below one in a billion per
     * customer and day.
     */
    static String messageDigest(String messageId) {
        return Hex.encodeHexString(Arrays.copyOf(DigestUtils.sha256(messageId), 6));
    }

    /**
     * The sums a series keeps: the declared ones, then the former names of renamed ones, so that the script keeps
     * the history summed under an old name (it drops sums it is not given) and the read adds it to the new name.
     */
    private List<String> keptSums(TrackedEvent event) {
        List<String> kept = new ArrayList<>(event.sums());
        event.sums().forEach(name -> kept.addAll(upgrader.formerNames(event.name(), name)));
        return kept;
    }

    /**
     * What the codes of a schema's fields mean: its events by code, and per event what each property code means
     * (see {@link #propertiesByCode}). Worked out once per schema, not on every read: a render decodes one customer.
     */
    private record SchemaCodes(
            FactSchema schema,
            Map<String, TrackedEvent> eventsByCode,
            Map<String, Map<String, String>> propertiesByEvent) {}

    /**
     * How many schemas' codes are kept: one per active rule set (the re-decision worker reads each of them in turn,
     * renders mostly the default one), with room for impact analyses and scenario runs.
     */
    private static final int KEPT_CODES = 8;
    /** The codes of the schemas read lately, the latest first (a rule set's schema lives as its revision does). */
    private volatile List<SchemaCodes> knownCodes = List.of();

    private SchemaCodes codes(FactSchema schema) {
        List<SchemaCodes> known = knownCodes;
        for (SchemaCodes codes : known) {
            if (codes.schema() == schema) {
                return codes;
            }
        }
        Map<String, Map<String, String>> properties = new HashMap<>();
        schema.events().values().forEach(event -> properties.put(event.name(), propertiesByCode(event)));
        SchemaCodes codes = new SchemaCodes(schema, FieldNames.eventsByCode(schema), Map.copyOf(properties));
        List<SchemaCodes> next = new ArrayList<>(KEPT_CODES);
        next.add(codes);
        next.addAll(known.subList(0, Math.min(known.size(), KEPT_CODES - 1)));
        knownCodes = List.copyOf(next);
        return codes;
    }

    /**
     * What each property code stored for {@code event} means today: its declared grouping and summed properties,
     * and their former names, each under its current name.
     */
    private Map<String, String> propertiesByCode(TrackedEvent event) {
        Map<String, String> byCode = new HashMap<>();
        for (List<String> declared : List.of(event.groupBy(), event.sums())) {
            for (String name : declared) {
                upgrader.formerNames(event.name(), name)
                        .forEach(former -> byCode.putIfAbsent(FieldNames.propertyCode(former), name));
                byCode.put(FieldNames.propertyCode(name), name);
            }
        }
        return byCode;
    }

    /** The script arguments of the series fields an event updates, and how many fields they name. */
    private record SeriesArgs(int fields, List<String> args) {
        static final SeriesArgs NONE = new SeriesArgs(0, List.of());
    }

    /**
     * Script arguments of every series an event updates: what they keep and add (alike for all), its own series
     * field, then the field and the event's value of each declared grouping property it has a value of.
     */
    private static SeriesArgs seriesArgs(
            TrackedEvent event, List<String> sumNames, Map<String, Object> properties, Instant now) {
        Map<String, Object> props = properties == null ? Map.of() : properties;
        long firstHour;
        long firstDay;
        if (event.window().compareTo(Series.HOURLY) <= 0) {
            firstHour = Math.floorDiv(now.minus(event.window()).toEpochMilli(), Series.HOUR_MS) - 1;
            firstDay = Long.MAX_VALUE / 2;
        } else {
            firstHour = Math.floorDiv(now.minus(HOURS_KEPT).toEpochMilli(), Series.HOUR_MS);
            firstDay = Math.floorDiv(now.minus(event.window()).toEpochMilli(), Series.DAY_MS) - 1;
        }
        // Former names add nothing: an upgraded event carries its value under the new name.
        List<String> sums = sumNames.stream()
                .map(name -> event.sums().contains(name) ? number(props.get(name)) : "0")
                .toList();
        List<String> args = new ArrayList<>(
                List.of(Long.toString(firstHour), Long.toString(firstDay), Integer.toString(sums.size())));
        sumNames.forEach(name -> args.add(FieldNames.propertyCode(name)));
        args.addAll(sums);
        args.add(FieldNames.series(event.name()));
        int fields = 1;
        for (String property : event.groupBy()) {
            Object value = props.get(property);
            String normalised = value == null ? "" : Customer.normalise(value);
            if (!normalised.isEmpty()) {
                args.add(FieldNames.series(event.name(), property));
                args.add(normalised);
                fields++;
            }
        }
        return new SeriesArgs(fields, args);
    }

    /**
     * A numeric property as the script adds it; absent or non-numeric values add nothing, and neither do numbers
     * beyond {@link #MAX_SUM} or not finite.
     */
    static String number(Object value) {
        double number;
        if (value instanceof Number given) {
            number = given.doubleValue();
        } else if (value instanceof String text) {
            try {
                number = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return "0";
            }
        } else {
            return "0";
        }
        return Double.isFinite(number) && Math.abs(number) <= MAX_SUM ? Double.toString(number) : "0";
    }

    /** The customer's facts as of {@code now}; a customer never seen has none. */
    public Uni<Customer> read(String customerId, Instant now) {
        return read(customerId, now, tracked.schema());
    }

    /** The customer's facts as of {@code now}, as a rule set declaring {@code schema} may see them. */
    public Uni<Customer> read(String customerId, Instant now, FactSchema schema) {
        return profile(customerId).map(found -> decode(found.customerId(), now, found.fields(), schema));
    }

    /** A customer's facts hash and the id it is kept under: the customer's own, or the one its id was merged into. */
    private record Profile(String customerId, Map<String, String> fields) {}

    /**
     * Reads the hash under the id asked for; only when there is none is the id looked up among the identity links,
     * so a render for a known id costs one round trip and one for a merged-away id three.
     */
    private Uni<Profile> profile(String customerId) {
        return hash(factsKey(customerId)).flatMap(fields -> {
            if (hasFacts(fields)) {
                return Uni.createFrom().item(new Profile(customerId, fields));
            }
            return redis.value(String.class)
                    .get(IdentifierKeys.linkKey(customerId))
                    .flatMap(linked -> linked == null
                            ? Uni.createFrom().item(new Profile(customerId, fields))
                            : hash(factsKey(linked)).map(linkedFields -> new Profile(linked, linkedFields)));
        });
    }

    /** Whether the customer has facts of its own (a hash under its id), as identity resolution asks of an id. */
    public Uni<Boolean> exists(String customerId) {
        return redis.key(String.class).exists(factsKey(customerId));
    }

    /** The customer's hash as stored, undecoded (the render benchmark's floor reads exactly what a decision reads). */
    public Uni<Map<String, String>> stored(String customerId) {
        return hash(factsKey(customerId));
    }

    /**
     * One hash by the client's own command API: the data source's {@code hgetall} decodes every value again
     * through its codec registry, which was a visible share of a render.
     */
    private Uni<Map<String, String>> hash(String key) {
        return redis.getRedis().send(Request.cmd(Command.HGETALL).arg(key)).map(FactsStore::fields);
    }

    /**
     * The facts of many customers as of {@code now}, read in one pipelined round trip (send-time pre-rendering):
     * one entry per id, in order.
     */
    public Uni<List<Customer>> readAll(List<String> customerIds, Instant now, FactSchema schema) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return hashesOf(customerIds)
                .flatMap(hashes -> {
                    List<Profile> profiles = new ArrayList<>(customerIds.size());
                    for (int i = 0; i < customerIds.size(); i++) {
                        profiles.add(new Profile(customerIds.get(i), hashes.get(i)));
                    }
                    return followLinks(profiles);
                })
                .map(profiles -> profiles.stream()
                        .map(found -> decode(found.customerId(), now, found.fields(), schema))
                        .toList());
    }

    /** Replaces each profile without facts by the one its id was merged into, if any: two more pipelined trips. */
    private Uni<List<Profile>> followLinks(List<Profile> profiles) {
        List<Integer> empty = new ArrayList<>();
        for (int i = 0; i < profiles.size(); i++) {
            if (!hasFacts(profiles.get(i).fields())) {
                empty.add(i);
            }
        }
        if (empty.isEmpty()) {
            return Uni.createFrom().item(profiles);
        }
        List<Request> links = empty.stream()
                .map(i -> Request.cmd(Command.GET)
                        .arg(IdentifierKeys.linkKey(profiles.get(i).customerId())))
                .toList();
        return redis.getRedis().batch(links).flatMap(linked -> {
            List<Integer> found = new ArrayList<>();
            List<String> canonical = new ArrayList<>();
            for (int j = 0; j < empty.size(); j++) {
                if (linked.get(j) != null) {
                    found.add(empty.get(j));
                    canonical.add(linked.get(j).toString());
                }
            }
            if (found.isEmpty()) {
                return Uni.createFrom().item(profiles);
            }
            return hashesOf(canonical).map(hashes -> {
                List<Profile> resolved = new ArrayList<>(profiles);
                for (int k = 0; k < found.size(); k++) {
                    resolved.set(found.get(k), new Profile(canonical.get(k), hashes.get(k)));
                }
                return resolved;
            });
        });
    }

    /**
     * What data-quality audits look at for many customers, read in one pipelined round trip: every stored trait,
     * whatever the rule sets declare, and how busy each customer has been. One per id, in order.
     */
    public Uni<List<CustomerProfile>> profiles(List<String> customerIds, Instant now) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return hashesOf(customerIds).map(hashes -> {
            List<CustomerProfile> profiles = new ArrayList<>(customerIds.size());
            for (int i = 0; i < customerIds.size(); i++) {
                profiles.add(profile(customerIds.get(i), now, hashes.get(i)));
            }
            return profiles;
        });
    }

    /** The hashes of many customers in one pipelined round trip, in order; an id without facts has an empty one. */
    private Uni<List<Map<String, String>>> hashesOf(List<String> customerIds) {
        List<Request> requests = customerIds.stream()
                .map(id -> Request.cmd(Command.HGETALL).arg(factsKey(id)))
                .toList();
        return redis.getRedis()
                .batch(requests)
                .map(responses -> responses.stream().map(FactsStore::fields).toList());
    }

    /** Never throws on what is stored: a field that cannot be decoded is left out and listed in the profile. */
    private CustomerProfile profile(String customerId, Instant now, Map<String, String> fields) {
        Map<String, Object> traits = new HashMap<>();
        long lastHour = 0;
        Instant firstSeen = null;
        UnreadableFields unreadable = new UnreadableFields();
        for (Map.Entry<String, String> entry : fields.entrySet()) {
            String field = entry.getKey();
            try {
                if (field.startsWith("t:")) {
                    traits.put(field.substring(2), fromJson(entry.getValue()));
                } else if (FieldNames.isEventField(field) && field.charAt(0) == FieldNames.STATS) {
                    Instant first = EventStats.decode(entry.getValue()).first();
                    firstSeen = firstSeen == null || first.isBefore(firstSeen) ? first : firstSeen;
                } else if (FieldNames.isOwnSeries(field)) {
                    Instant first = OwnSeries.stats(entry.getValue()).first();
                    // An event's own series only: its per-property series count the same occurrences again.
                    lastHour += Series.decode(OwnSeries.series(entry.getValue()))
                            .within(now, LAST_HOUR)
                            .count();
                    firstSeen = firstSeen == null || first.isBefore(firstSeen) ? first : firstSeen;
                }
            } catch (RuntimeException e) {
                unreadable.note(field);
            }
        }
        return new CustomerProfile(
                customerId,
                ReservedTraits.canonical(traits),
                lastHour,
                version(fields, unreadable),
                firstSeen,
                unreadable.list());
    }

    /** Which of {@code customerIds} have facts, asked in one pipelined round trip. */
    public Uni<Set<String>> known(Collection<String> customerIds) {
        List<String> ids = List.copyOf(customerIds);
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Request> requests = ids.stream()
                .map(id -> Request.cmd(Command.EXISTS).arg(factsKey(id)))
                .toList();
        return redis.getRedis().batch(requests).map(responses -> {
            Set<String> known = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                if (responses.get(i).toInteger() == 1) {
                    known.add(ids.get(i));
                }
            }
            return known;
        });
    }

    /** A hash reply as a map, in RESP3 (a map) or RESP2 (alternating keys and values) form. */
    private static Map<String, String> fields(Response reply) {
        Map<String, String> fields = new HashMap<>();
        if (reply == null) {
            return fields;
        }
        Set<String> keys = reply.getKeys();
        if (!keys.isEmpty()) {
            keys.forEach(key -> fields.put(key, reply.get(key).toString()));
            return fields;
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            fields.put(reply.get(i).toString(), reply.get(i + 1).toString());
        }
        return fields;
    }

    /** The customer's facts as of {@code now} as each of several rule sets may see them, from one read. */
    public Uni<List<Customer>> read(String customerId, Instant now, List<FactSchema> schemas) {
        return profile(customerId)
                .map(found -> schemas.stream()
                        .map(schema -> decode(found.customerId(), now, found.fields(), schema))
                        .toList());
    }

    /**
     * Walks the customers that have facts, a page at a time (Redis SCAN: each customer present throughout the
     * walk is seen at least once). Start with cursor "0".
     */
    public Uni<CustomerScan> scan(String cursor, int pageSize) {
        return redis.execute("SCAN", cursor, "MATCH", "tailor:c:{*}", "COUNT", Integer.toString(pageSize))
                .map(response -> new CustomerScan(
                        StreamSupport.stream(response.get(1).spliterator(), false)
                                .map(Object::toString)
                                .filter(key -> key.endsWith("}"))
                                .map(key -> key.substring("tailor:c:{".length(), key.length() - 1))
                                .toList(),
                        response.get(0).toString()));
    }

    /**
     * Removes everything kept about a customer's facts, its applied messageIds too; the decisions recorded in the
     * same hash stay, so that a replay's rebuilt facts are decided against them (erasure removes the whole key).
     */
    public Uni<Void> forget(String customerId) {
        return FORGET.run(redis, List.of(factsKey(customerId), appliedKey(customerId)), List.of())
                .replaceWithVoid();
    }

    /**
     * Whether a hash holds facts: it has a version once any event was applied or profiles merged. Decisions kept
     * in the hash of a customer without facts (one merged away or erased meanwhile) do not count, so reads still
     * follow its link.
     */
    private static boolean hasFacts(Map<String, String> fields) {
        return fields.containsKey("v");
    }

    /** The facts of a customer Tailor knows nothing about: what the default decision is made from. */
    public Customer noFacts(String customerId, Instant now, FactSchema schema) {
        return decode(customerId, now, Map.of(), schema);
    }

    /**
     * The customer as a rule set declaring {@code schema} sees it. Never throws on what is stored: a field that
     * cannot be decoded is left out and noted (see {@link Customer#unreadableFields()}), and so is a series found
     * unreadable when a rule first asks for it.
     */
    Customer decode(String customerId, Instant now, Map<String, String> fields, FactSchema schema) {
        Map<String, Object> traits = new HashMap<>();
        Map<String, EventStats> events = new HashMap<>();
        Map<String, StoredSeries> series = new HashMap<>();
        Map<String, Map<String, StoredGroup>> groups = new HashMap<>();
        UnreadableFields unreadable = new UnreadableFields();
        long version = version(fields, unreadable);
        SchemaCodes codes = codes(schema);
        Map<String, TrackedEvent> declared = codes.eventsByCode();
        fields.forEach((field, value) -> {
            try {
                decodeField(field, value, codes, declared, unreadable, traits, events, series, groups);
            } catch (RuntimeException e) {
                unreadable.note(field);
            }
        });
        return Customer.ofStored(customerId, version, now, schema, traits, events, series, groups, unreadable);
    }

    private static long version(Map<String, String> fields, UnreadableFields unreadable) {
        try {
            return Long.parseLong(fields.getOrDefault("v", "0"));
        } catch (NumberFormatException e) {
            unreadable.note("v");
            return 0;
        }
    }

    private void decodeField(
            String field,
            String value,
            SchemaCodes codes,
            Map<String, TrackedEvent> declared,
            UnreadableFields unreadable,
            Map<String, Object> traits,
            Map<String, EventStats> events,
            Map<String, StoredSeries> series,
            Map<String, Map<String, StoredGroup>> groups) {
        if (field.startsWith("t:")) {
            traits.put(field.substring(2), fromJson(value));
            return;
        }
        // Facts of events this schema does not declare stay unread: no rule of it may ask for them.
        TrackedEvent event =
                FieldNames.isEventField(field) ? declared.get(field.substring(1, 1 + FieldNames.EVENT_CODE)) : null;
        if (event == null) {
            return;
        }
        if (field.charAt(0) == FieldNames.STATS) {
            // Added to any kept in its own series: the event was declared without a window for a while.
            events.merge(event.name(), EventStats.decode(value), EventStats::plus);
            return;
        }
        Map<String, String> names = codes.propertiesByEvent().get(event.name());
        UnaryOperator<String> rename = code -> names.getOrDefault(code, code);
        if (FieldNames.isOwnSeries(field)) {
            events.merge(event.name(), OwnSeries.stats(value), EventStats::plus);
            int buckets = OwnSeries.seriesStart(value);
            if (buckets < value.length()) {
                series.computeIfAbsent(event.name(), k -> new StoredSeries())
                        .add(unreadable.guarded(
                                field, () -> Series.decode(value, buckets).renamingSums(rename)));
            }
        } else if (FieldNames.isGroupedSeries(field)) {
            // Under the property's current name: a series kept under a renamed one joins the new one's.
            String property = names.get(field.substring(1 + FieldNames.EVENT_CODE));
            if (property != null && event.groupBy().contains(property)) {
                groups.computeIfAbsent(event.name(), k -> new HashMap<>())
                        .computeIfAbsent(property, k -> new StoredGroup())
                        .add(value, rename, field, unreadable);
            }
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Trait value cannot be written as JSON", e);
        }
    }

    private Object fromJson(String value) {
        try {
            return json.readValue(value, Object.class);
        } catch (IOException e) {
            return value;
        }
    }
}
