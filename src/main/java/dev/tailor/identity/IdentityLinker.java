package dev.tailor.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.events.Identifier;
import dev.tailor.events.Identifier.Kind;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.events.ProfilesMerged;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.ProfileMerge;
import dev.tailor.facts.TombstoneKeys;
import dev.tailor.hygiene.HygieneConfig;
import dev.tailor.shared.redis.RedisScript;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Identity resolution: an identify call links its anonymousId and e-mail address to its userId, an alias call its
 * previousId; when an identifier already has a profile of its own, the two profiles merge into the userId's
 * ({@link ProfileMerge}). Each link and merge goes to the identity journal and from there to PostgreSQL.
 *
 * <p>The write key is public, so a call is trusted with known customers only when its key holds the identity scope
 * ({@link CustomerEvent#identityTrusted()}: trusted server-side sources, administrators' imports). A profile is
 * <em>known</em> when it holds a userId or an e-mail address. What is merged automatically, and what is not:
 * <ul>
 * <li>any call: an identifier without a profile of its own is linked; an anonymous profile (no userId, no e-mail)
 * is merged;</li>
 * <li>any identify: an anonymousId whose profile belongs to another known user (a shared device) now links to the
 * new user, the other user's facts stay where they are;</li>
 * <li>an untrusted call that would merge a known profile (an alias whose previousId is a known customer's userId or
 * e-mail address, or an identify naming another customer's e-mail address): nothing moves, the call is journalled
 * as a conflict for a person to settle (duplicate review), so that no one takes over a customer with the write
 * key; a profile therefore gets at most one userId from untrusted calls;</li>
 * <li>a trusted alias: always merged, the caller asked for it; a trusted identify merges a profile without a userId;
 * an e-mail address already linked to another known user stays there and is a conflict (two accounts may share
 * one address);</li>
 * <li>blocked values ({@code tailor.identity.blocked-values}: "null", "anonymous", "0", test@example.com, ...):
 * never linked or merged;</li>
 * <li>a pair an administrator separated ({@link #separate}): never merged again automatically.</li>
 * </ul>
 */
@ApplicationScoped
public class IdentityLinker {

    private static final RedisScript LINK = RedisScript.load(IdentityLinker.class, "link-identifier.lua");
    private static final RedisScript MERGE = RedisScript.load(IdentityLinker.class, "merge-profiles.lua");
    private static final RedisScript SETTLED = RedisScript.load(IdentityLinker.class, "links-settled.lua");
    private static final int ATTEMPTS = 8;

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final FactsStore facts;
    private final ObjectMapper json;
    private final HygieneConfig hygiene;
    private final Event<ProfilesMerged> merges;
    private final MeterRegistry metrics;
    private final Set<String> blocked;

    public IdentityLinker(
            ReactiveRedisDataSource redis,
            FactsStore facts,
            ObjectMapper json,
            HygieneConfig hygiene,
            Event<ProfilesMerged> merges,
            MeterRegistry metrics,
            IdentityConfig config) {
        this.blocked = config.blockedValues().stream()
                .map(IdentityLinker::comparable)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.redis = redis;
        this.hashes = redis.hash(String.class);
        this.facts = facts;
        this.json = json;
        this.hygiene = hygiene;
        this.merges = merges;
        this.metrics = metrics;
    }

    /** Why two identifiers were linked; journalled with the link. */
    public enum Cause {
        IDENTIFY,
        ALIAS,
        ADMIN
    }

    /**
     * Links the identifiers an identify or alias call names, merging profiles where they are one customer's; other
     * calls link nothing. Run before the event is applied, so that the event itself lands on the merged profile.
     * Identifiers erased before the event was received are left alone.
     */
    public Uni<Void> link(CustomerEvent event) {
        Identifier own = ownIdentifier(event);
        if (own == null) {
            return Uni.createFrom().voidItem();
        }
        Instant received = event.acceptedAt();
        Cause cause = "alias".equals(event.type()) ? Cause.ALIAS : Cause.IDENTIFY;
        boolean trusted = event.identityTrusted();
        Uni<Void> linked = erased(own.value(), received)
                .flatMap(erased -> erased ? Uni.createFrom().voidItem() : linkOwn(own, event.messageId()));
        for (Identifier other : identifiers(event)) {
            linked = linked.flatMap(ignored -> erased(other.value(), received))
                    .flatMap(erased -> erased
                            ? Uni.createFrom().voidItem()
                            : link(event.customerId(), other, cause, trusted, event.messageId(), 1));
        }
        return linked;
    }

    /**
     * Links the identifiers of a batch of calls in the log's order. Calls that only repeat links already in place
     * (most identify calls: a known user signing in again) are recognised all together in one pipelined round
     * trip, where linking each would take several. From the first call that does link something, every later call
     * is checked and linked one after another, since a link or merge may change what the next call finds.
     */
    public Uni<Void> linkAll(List<CustomerEvent> events) {
        List<CustomerEvent> linking =
                events.stream().filter(event -> ownIdentifier(event) != null).toList();
        if (linking.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return SETTLED.runAll(redis, linking.stream().map(this::settledCheck).toList())
                .flatMap(answers -> {
                    int first = 0;
                    while (first < answers.size() && answers.get(first).toInteger() == 1) {
                        first++;
                    }
                    List<CustomerEvent> rest = linking.subList(first, linking.size());
                    return Multi.createFrom()
                            .range(0, rest.size())
                            .onItem()
                            .transformToUniAndConcatenate(
                                    i -> i == 0 ? link(rest.get(0)) : linkUnlessSettled(rest.get(i)))
                            .collect()
                            .last()
                            .replaceWithVoid();
                });
    }

    private Uni<Void> linkUnlessSettled(CustomerEvent event) {
        return SETTLED.run(redis, settledCheck(event))
                .flatMap(settled -> settled.toInteger() == 1 ? Uni.createFrom().voidItem() : link(event));
    }

    /** links-settled.lua for one call: whether {@link #link} would find every link already in place. */
    private LinksSettledCall settledCheck(CustomerEvent event) {
        Identifier own = ownIdentifier(event);
        List<LinksSettledCall.Other> others = identifiers(event).stream()
                .map(other -> new LinksSettledCall.Other(
                        IdentifierKeys.linkKey(other.value()),
                        FactsStore.factsKey(other.value()),
                        IdentifierKeys.digest(other.value()),
                        other.value()))
                .toList();
        return new LinksSettledCall(
                TombstoneKeys.of(own.value()),
                IdentifierKeys.linkKey(event.customerId()),
                IdentifierKeys.linkKey(own.value()),
                Identities.identifiersKey(own.value()),
                event.acceptedAt().toEpochMilli(),
                IdentifierKeys.digest(own.value()),
                own.member(),
                event.customerId(),
                others);
    }

    /**
     * Merges {@code mergedId}'s profile into {@code survivorId}'s on an administrator's word (a reviewed duplicate),
     * whoever they belong to; answers whether anything was merged (false when they already were one).
     */
    public Uni<Boolean> merge(String survivorId, String mergedId) {
        return redis.set(String.class)
                .srem(Identities.UNMERGED, survivorId + "|" + mergedId, mergedId + "|" + survivorId)
                .flatMap(ignored -> resolve(survivorId))
                .flatMap(survivor -> resolve(mergedId)
                        .flatMap(merged -> survivor.equals(merged)
                                ? Uni.createFrom().item(false)
                                : mergeProfiles(survivor, merged, Cause.ADMIN, "admin")
                                        .flatMap(done -> done
                                                ? Uni.createFrom().item(true)
                                                : retryMerge(survivorId, mergedId))));
    }

    private Uni<Boolean> retryMerge(String survivorId, String mergedId) {
        return Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(java.time.Duration.ofMillis(20))
                .flatMap(ignored -> merge(survivorId, mergedId));
    }

    /** Marks two customers as different people: identify and alias calls will not merge them again. */
    public Uni<Void> separate(String one, String other) {
        return redis.set(String.class)
                .sadd(Identities.UNMERGED, one + "|" + other, other + "|" + one)
                .replaceWithVoid();
    }

    /** The customer an identifier belongs to: the one it links to, else itself. */
    public Uni<String> resolve(String identifier) {
        return redis.value(String.class)
                .get(IdentifierKeys.linkKey(identifier))
                .map(linked -> linked == null ? identifier : linked);
    }

    /** The identifiers linked to a customer ("u:", "a:" or "e:" and the value). */
    public Uni<Set<String>> identifiersOf(String customerId) {
        return redis.set(String.class).smembers(Identities.identifiersKey(customerId));
    }

    /** The call's own identifier; none for other calls, or when it is a blocked value (then nothing links). */
    private Identifier ownIdentifier(CustomerEvent event) {
        if (!"identify".equals(event.type()) && !"alias".equals(event.type())) {
            return null;
        }
        Identifier own = event.userId() != null
                ? new Identifier(Kind.USER, event.userId())
                : event.anonymousId() == null ? null : new Identifier(Kind.ANONYMOUS, event.anonymousId());
        return own == null || isBlocked(own.value()) ? null : own;
    }

    private boolean isBlocked(String value) {
        return blocked.contains(comparable(value));
    }

    private static String comparable(String value) {
        return value.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** The identifiers an identify or alias call links to its customer id, besides that id itself. */
    private List<Identifier> identifiers(CustomerEvent event) {
        List<Identifier> found = new ArrayList<>();
        if ("alias".equals(event.type())
                && event.previousId() != null
                && !event.previousId().equals(event.customerId())) {
            found.add(new Identifier(Kind.ANONYMOUS, event.previousId()));
        }
        if ("identify".equals(event.type())) {
            if (event.userId() != null
                    && event.anonymousId() != null
                    && !event.anonymousId().equals(event.userId())) {
                found.add(new Identifier(Kind.ANONYMOUS, event.anonymousId()));
            }
            if (event.traits() != null) {
                for (String trait : hygiene.emailTraits()) {
                    if (event.traits().get(trait) instanceof String email
                            && !email.isBlank()
                            && !email.equals(event.customerId())) {
                        found.add(new Identifier(Kind.EMAIL, email));
                    }
                }
            }
        }
        found.removeIf(identifier -> isBlocked(identifier.value()));
        return found;
    }

    private Uni<Boolean> erased(String identifier, Instant received) {
        return hashes.hget(TombstoneKeys.of(identifier), IdentifierKeys.digest(identifier))
                .map(at -> at != null && Long.parseLong(at) >= received.toEpochMilli());
    }

    /** Notes the customer's own id among its identifiers, unless the customer was merged into another. */
    private Uni<Void> linkOwn(Identifier own, String messageId) {
        return resolve(own.value())
                .flatMap(customer -> customer.equals(own.value())
                        ? runLink(
                                        customer,
                                        own,
                                        customer,
                                        journal("link", own.member(), customer, null, Cause.IDENTIFY, messageId))
                                .replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> link(
            String customerId, Identifier other, Cause cause, boolean trusted, String messageId, int attempt) {
        if (attempt > ATTEMPTS) {
            return Uni.createFrom()
                    .failure(new IllegalStateException(
                            "Identity links kept changing while linking; retrying the event"));
        }
        return resolve(customerId)
                .flatMap(customer -> owner(other).flatMap(owner -> {
                    if (owner == null) {
                        return runLink(
                                        customer,
                                        other,
                                        customer,
                                        journal("link", other.member(), customer, null, cause, messageId))
                                .flatMap(result -> result < 0
                                        ? link(customerId, other, cause, trusted, messageId, attempt + 1)
                                        : Uni.createFrom().voidItem());
                    }
                    if (owner.equals(customer)) {
                        return Uni.createFrom().voidItem();
                    }
                    return decide(customer, owner, other, cause, trusted).flatMap(step -> switch (step) {
                        case MERGE ->
                            mergeProfiles(customer, owner, cause, messageId)
                                    .flatMap(done -> done
                                            ? Uni.createFrom().voidItem()
                                            : link(customerId, other, cause, trusted, messageId, attempt + 1));
                        case REPOINT ->
                            runLink(
                                            customer,
                                            other,
                                            owner,
                                            journal("relink", other.member(), customer, owner, cause, messageId))
                                    .flatMap(result -> result < 0
                                            ? link(customerId, other, cause, trusted, messageId, attempt + 1)
                                            : Uni.createFrom().voidItem());
                        case LEAVE ->
                            journalOnly(journal("conflict", other.member(), customer, owner, cause, messageId));
                        case NOTHING -> Uni.createFrom().voidItem();
                    });
                }));
    }

    private enum Step {
        MERGE,
        REPOINT,
        LEAVE,
        NOTHING
    }

    private Uni<Step> decide(String customer, String owner, Identifier other, Cause cause, boolean trusted) {
        return redis.set(String.class)
                .sismember(Identities.UNMERGED, customer + "|" + owner)
                .flatMap(separated -> {
                    if (separated) {
                        return Uni.createFrom().item(Step.NOTHING);
                    }
                    if (trusted && cause == Cause.ALIAS) {
                        return Uni.createFrom().item(Step.MERGE);
                    }
                    return identifiersOf(owner).map(ids -> {
                        boolean knownUser = ids.stream().anyMatch(id -> id.startsWith("u:"));
                        if (knownUser && other.kind() == Kind.ANONYMOUS && cause == Cause.IDENTIFY) {
                            return Step.REPOINT;
                        }
                        if (trusted) {
                            return knownUser ? Step.LEAVE : Step.MERGE;
                        }
                        // Reached through an e-mail address, the owner holds one.
                        boolean known = knownUser
                                || other.kind() == Kind.EMAIL
                                || ids.stream().anyMatch(id -> id.startsWith("e:"));
                        return known ? Step.LEAVE : Step.MERGE;
                    });
                });
    }

    /** The customer an identifier belongs to: its link, else a profile of its own, else none (null). */
    private Uni<String> owner(Identifier identifier) {
        return redis.value(String.class)
                .get(IdentifierKeys.linkKey(identifier.value()))
                .flatMap(linked -> linked != null
                        ? Uni.createFrom().item(linked)
                        : facts.exists(identifier.value()).map(exists -> exists ? identifier.value() : null));
    }

    private Uni<Integer> runLink(String customer, Identifier identifier, String previousOwner, String entry) {
        return Uni.createFrom()
                .item(() -> new LinkIdentifierCall(
                        IdentifierKeys.linkKey(identifier.value()),
                        Identities.identifiersKey(customer),
                        Identities.identifiersKey(previousOwner),
                        Identities.JOURNAL,
                        IdentifierKeys.linkKey(customer),
                        customer,
                        identifier.member(),
                        entry))
                .flatMap(call -> LINK.run(redis, call))
                .map(response -> response.toInteger())
                .invoke(result -> {
                    if (result > 0) {
                        metrics.counter(
                                        "tailor.identity.links",
                                        "kind",
                                        identifier.kind().name().toLowerCase())
                                .increment();
                    }
                });
    }

    /**
     * One attempt at merging {@code merged}'s profile into {@code survivor}'s: false when either changed between the
     * read and the write (an event landed, or another merge), and the caller works it out again.
     */
    private Uni<Boolean> mergeProfiles(String survivor, String merged, Cause cause, String messageId) {
        return facts.stored(survivor)
                .flatMap(survivorFields -> facts.stored(merged)
                        .flatMap(mergedFields -> identifiersOf(merged).flatMap(ids -> {
                            MergeProfilesCall call = new MergeProfilesCall(
                                    FactsStore.factsKey(survivor),
                                    FactsStore.factsKey(merged),
                                    Identities.identifiersKey(survivor),
                                    Identities.identifiersKey(merged),
                                    Identities.JOURNAL,
                                    FactsStore.appliedKey(survivor),
                                    FactsStore.appliedKey(merged),
                                    IdentifierKeys.linkKey(survivor),
                                    survivorFields.getOrDefault("v", "0"),
                                    mergedFields.getOrDefault("v", "0"),
                                    survivor,
                                    ownMember(merged, ids),
                                    journal("merge", null, survivor, merged, cause, messageId, ids),
                                    IdentifierKeys.LINK_PREFIX,
                                    ProfileMerge.of(survivorFields, mergedFields));
                            return MERGE.run(redis, call);
                        })))
                .map(response -> {
                    if (response.toInteger() == 0) {
                        return false;
                    }
                    metrics.counter(
                                    "tailor.identity.merges",
                                    "cause",
                                    cause.name().toLowerCase())
                            .increment();
                    Log.debugf("Merged customer %s into %s (%s)", merged, survivor, cause);
                    merges.fire(new ProfilesMerged(survivor, merged));
                    return true;
                });
    }

    /** The merged profile's own id as an identifier: a userId if the profile says so, else an anonymousId. */
    private static String ownMember(String customerId, Set<String> identifiers) {
        String user = new Identifier(Kind.USER, customerId).member();
        return identifiers.contains(user) ? user : new Identifier(Kind.ANONYMOUS, customerId).member();
    }

    /** Journals what an administrator did (an unmerge) like the links made here. */
    Uni<Void> note(String kind, String customerId, String otherId, Set<String> identifiers) {
        return journalOnly(journal(kind, null, customerId, otherId, Cause.ADMIN, null, identifiers));
    }

    private Uni<Void> journalOnly(String entry) {
        return redis.list(String.class).lpush(Identities.JOURNAL, entry).replaceWithVoid();
    }

    private String journal(
            String kind, String identifier, String customerId, String otherId, Cause cause, String messageId) {
        return journal(kind, identifier, customerId, otherId, cause, messageId, Set.of());
    }

    private String journal(
            String kind,
            String identifier,
            String customerId,
            String otherId,
            Cause cause,
            String messageId,
            Set<String> identifiers) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", kind);
        entry.put("identifier", identifier);
        entry.put("customerId", customerId);
        entry.put("otherId", otherId);
        entry.put("cause", cause.name().toLowerCase());
        entry.put("messageId", messageId);
        entry.put("identifiers", List.copyOf(identifiers));
        entry.put("at", Instant.now().toString());
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
