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
import io.quarkus.redis.datasource.keys.RedisKeyNotFoundException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
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
 *
 * <p>Every step is a script within one Redis Cluster slot (ADR 0012): an identifier's link moves by compare-and-set
 * in its slot and is then <em>settled</em> (listed in its owner's identifiers, removed from its former owners'); a
 * merge freezes the merged customer by linking its own id to the survivor, re-points its identifiers, adds its
 * frozen profile to the survivor's, then deletes it. Each step is idempotent, so a call repeated after a node died
 * mid-way (the consumer acknowledges an event only after linking it) finishes the work.
 */
@ApplicationScoped
public class IdentityLinker {

    private static final RedisScript LINK = RedisScript.load(IdentityLinker.class, LinkIdentifierCall.SCRIPT);
    private static final RedisScript LIST = RedisScript.load(IdentityLinker.class, ListIdentifierCall.SCRIPT);
    private static final RedisScript MERGE = RedisScript.load(IdentityLinker.class, MergeProfilesCall.SCRIPT);
    private static final RedisScript DROP = RedisScript.load(IdentityLinker.class, DropMergedCall.SCRIPT);
    private static final RedisScript SETTLED = RedisScript.load(IdentityLinker.class, LinksSettledCall.SCRIPT);
    private static final int ATTEMPTS = 8;

    private final ReactiveRedisDataSource redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final FactsStore facts;
    private final ObjectMapper json;
    private final HygieneConfig hygiene;
    private final Event<ProfilesMerged> merges;
    private final MeterRegistry metrics;
    private final IdentityJournal journal;
    private final Set<String> blocked;

    public IdentityLinker(
            ReactiveRedisDataSource redis,
            FactsStore facts,
            ObjectMapper json,
            HygieneConfig hygiene,
            Event<ProfilesMerged> merges,
            MeterRegistry metrics,
            IdentityJournal journal,
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
        this.journal = journal;
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
        return settled(linking).flatMap(settled -> {
            int first = 0;
            while (first < settled.size() && settled.get(first)) {
                first++;
            }
            List<CustomerEvent> rest = linking.subList(first, linking.size());
            return Multi.createFrom()
                    .range(0, rest.size())
                    .onItem()
                    .transformToUniAndConcatenate(i -> i == 0 ? link(rest.get(0)) : linkUnlessSettled(rest.get(i)))
                    .collect()
                    .last()
                    .replaceWithVoid();
        });
    }

    private Uni<Void> linkUnlessSettled(CustomerEvent event) {
        return settled(List.of(event))
                .flatMap(settled -> settled.get(0) ? Uni.createFrom().voidItem() : link(event));
    }

    /**
     * Whether {@link #link} would find every link of each call already in place: each identifier's slot read by
     * links-settled.lua (its tombstone included), all in one pipelined round trip.
     */
    private Uni<List<Boolean>> settled(List<CustomerEvent> events) {
        List<LinksSettledCall> checks = new ArrayList<>();
        for (CustomerEvent event : events) {
            for (Identifier identifier : named(event)) {
                checks.add(LinksSettledCall.of(identifier.value(), identifier.member()));
            }
        }
        return SETTLED.runAll(redis, checks).map(states -> {
            List<Boolean> answers = new ArrayList<>();
            int at = 0;
            for (CustomerEvent event : events) {
                List<Identifier> named = named(event);
                answers.add(settled(event, named, states.subList(at, at + named.size())));
                at += named.size();
            }
            return answers;
        });
    }

    /** The call's own identifier, then the others it links. */
    private List<Identifier> named(CustomerEvent event) {
        List<Identifier> named = new ArrayList<>();
        named.add(ownIdentifier(event));
        named.addAll(identifiers(event));
        return named;
    }

    /** Decides from each identifier's state, as {@link #link} would: whether linking the call changes nothing. */
    private static boolean settled(CustomerEvent event, List<Identifier> named, List<Response> states) {
        long received = event.acceptedAt().toEpochMilli();
        java.util.function.IntPredicate gone = i -> {
            String at = states.get(i).get(4).toString();
            return !at.isEmpty() && Long.parseLong(at) >= received;
        };
        Response own = states.get(0);
        String ownLink = own.get(0).toString();
        boolean moving = own.get(1).toInteger() == 1;
        if (!gone.test(0) && ownLink.isEmpty() && (own.get(2).toInteger() == 0 || moving)) {
            return false;
        }
        String customer = ownLink.isEmpty() ? event.customerId() : ownLink;
        for (int i = 1; i < named.size(); i++) {
            Response state = states.get(i);
            String link = state.get(0).toString();
            String owner = !link.isEmpty()
                    ? link
                    : state.get(3).toInteger() == 1 ? named.get(i).value() : null;
            if (!gone.test(i) && (!customer.equals(owner) || state.get(1).toInteger() == 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Merges {@code mergedId}'s profile into {@code survivorId}'s on an administrator's word (a reviewed duplicate),
     * whoever they belong to; answers whether anything was merged (false when they already were one).
     */
    public Uni<Boolean> merge(String survivorId, String mergedId) {
        return redis.set(String.class)
                .srem(Identities.UNMERGED, survivorId + "|" + mergedId, mergedId + "|" + survivorId)
                .flatMap(ignored -> finish(survivorId, Cause.ADMIN))
                .flatMap(ignored -> finish(mergedId, Cause.ADMIN))
                .flatMap(finished -> resolve(survivorId)
                        .flatMap(survivor -> resolve(mergedId)
                                .flatMap(merged -> survivor.equals(merged)
                                        ? Uni.createFrom().item(finished)
                                        : mergeProfiles(survivor, merged, Cause.ADMIN, "admin")
                                                .flatMap(done -> done
                                                        ? Uni.createFrom().item(true)
                                                        : retryMerge(survivorId, mergedId)))));
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
        return Uni.createFrom()
                .item(() -> ListIdentifierCall.of(
                        own.value(),
                        own.member(),
                        journal("link", own.member(), own.value(), null, Cause.IDENTIFY, messageId)))
                .flatMap(call -> LIST.run(redis, call).invoke(ignored -> journal.touched(call.journalKey())))
                .replaceWithVoid();
    }

    private Uni<Void> link(
            String customerId, Identifier other, Cause cause, boolean trusted, String messageId, int attempt) {
        if (attempt > ATTEMPTS) {
            return Uni.createFrom()
                    .failure(new IllegalStateException(
                            "Identity links kept changing while linking; retrying the event"));
        }
        Uni<Void> again =
                Uni.createFrom().deferred(() -> link(customerId, other, cause, trusted, messageId, attempt + 1));
        return finish(customerId, cause)
                .flatMap(ignored -> resolve(customerId))
                .flatMap(customer -> owner(other, cause).flatMap(found -> {
                    String owner = found.owner();
                    if (owner == null) {
                        return move(
                                        other,
                                        "",
                                        customer,
                                        journal("link", other.member(), customer, null, cause, messageId))
                                .flatMap(moved -> moved ? settle(other) : again);
                    }
                    if (owner.equals(customer)) {
                        return settle(other);
                    }
                    return decide(customer, owner, other, cause, trusted).flatMap(step -> switch (step) {
                        case MERGE ->
                            mergeProfiles(customer, owner, cause, messageId)
                                    .flatMap(done -> done ? settle(other) : again);
                        case REPOINT ->
                            move(
                                            other,
                                            found.link(),
                                            customer,
                                            journal("relink", other.member(), customer, owner, cause, messageId))
                                    .flatMap(moved -> moved ? settle(other) : again);
                        case LEAVE ->
                            journalOnly(
                                    Identities.identifiersKey(customer),
                                    journal("conflict", other.member(), customer, owner, cause, messageId));
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

    /** An identifier's link as stored ("" for none) and the customer it belongs to (null for none). */
    private record Found(String link, String owner) {}

    /**
     * The customer an identifier belongs to: its link (followed once more when that customer was itself merged away),
     * else a profile of its own, else none. A merge found half done on the way (the identifier's own profile, or the
     * one it links to, frozen) is finished first.
     */
    private Uni<Found> owner(Identifier identifier, Cause cause) {
        return redis.value(String.class)
                .get(IdentifierKeys.linkKey(identifier.value()))
                .flatMap(linked -> linked != null
                        ? finish(identifier.value(), cause)
                                .flatMap(ignored -> finish(linked, cause))
                                .flatMap(ignored ->
                                        redis.value(String.class).get(IdentifierKeys.linkKey(identifier.value())))
                                .flatMap(now -> now == null
                                        ? Uni.createFrom().item(new Found("", null))
                                        : resolve(now).map(owner -> new Found(now, owner)))
                        : facts.exists(identifier.value())
                                .map(exists -> new Found("", exists ? identifier.value() : null)));
    }

    /** Moves an identifier's link from the owner read to another; false when it was not the one read. */
    private Uni<Boolean> move(Identifier identifier, String expected, String owner, String entry) {
        return Uni.createFrom()
                .item(() -> LinkIdentifierCall.move(identifier.value(), expected, owner, entry))
                .flatMap(call -> LINK.run(redis, call).invoke(ignored -> journal.touched(call.journalKey())))
                .map(response -> response.toInteger())
                .invoke(result -> {
                    if (result > 0 && !entry.isEmpty()) {
                        metrics.counter(
                                        "tailor.identity.links",
                                        "kind",
                                        identifier.kind().name().toLowerCase())
                                .increment();
                    }
                })
                .map(result -> result >= 0);
    }

    /**
     * Makes the identifiers sets agree with an identifier's link: lists it with its owner (re-pointing the link on
     * when the owner was merged away), removes it from its former owners (but one being merged away, whose set
     * records what its merge brings until the merge deletes it), and forgets them if the link is still the one it
     * read; reads again otherwise, counting the owner it listed it with among the former ones.
     */
    Uni<Void> settle(Identifier identifier) {
        return settle(identifier, Set.of(), 1);
    }

    private Uni<Void> settle(Identifier identifier, Set<String> listed, int attempt) {
        if (attempt > ATTEMPTS) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("An identifier's link kept changing while settling it"));
        }
        String value = identifier.value();
        Uni<String> link = redis.value(String.class).get(IdentifierKeys.linkKey(value));
        Uni<Set<String>> moved = redis.set(String.class).smembers(Identities.movedKey(value));
        return link.flatMap(stored -> moved.flatMap(formers -> {
            String owner = stored == null ? "" : stored;
            Set<String> forgotten = new java.util.TreeSet<>(formers);
            forgotten.addAll(listed);
            forgotten.remove(owner);
            forgotten.remove("");
            Uni<Integer> listing = owner.isEmpty()
                    ? Uni.createFrom().item(1)
                    : LIST.run(redis, ListIdentifierCall.of(owner, identifier.member(), ""))
                            .map(Response::toInteger);
            return listing.flatMap(result -> {
                if (result < 0) {
                    // The owner was merged away: the link follows it, and the identifier is settled again.
                    return resolve(owner)
                            .flatMap(survivor -> move(identifier, owner, survivor, ""))
                            .flatMap(ignored -> settle(identifier, listed, attempt + 1));
                }
                Uni<Void> removed = Uni.createFrom().voidItem();
                for (String former : forgotten) {
                    removed = removed.flatMap(
                            ignored -> LIST.run(redis, ListIdentifierCall.off(former, identifier.member()))
                                    .replaceWithVoid());
                }
                LinkIdentifierCall finish = LinkIdentifierCall.settled(value, owner, List.copyOf(forgotten));
                return removed.flatMap(ignored -> LINK.run(redis, finish)).flatMap(done -> {
                    if (done.toInteger() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Set<String> again = new java.util.HashSet<>(listed);
                    again.addAll(forgotten);
                    if (!owner.isEmpty()) {
                        again.add(owner);
                    }
                    return settle(identifier, again, attempt + 1);
                });
            });
        }));
    }

    /**
     * Merges {@code merged}'s profile into {@code survivor}'s, step by step (ADR 0012): false when {@code merged}
     * was meanwhile merged into another customer, and the caller works it out again. Repeating it after a node died
     * mid-way finishes the merge and adds the merged facts once.
     */
    private Uni<Boolean> mergeProfiles(String survivor, String merged, Cause cause, String messageId) {
        return freeze(survivor, merged)
                .flatMap(frozen -> !frozen
                        ? Uni.createFrom().item(false)
                        : repoint(merged, survivor)
                                .flatMap(ignored -> absorb(survivor, merged, cause, messageId, 1))
                                .flatMap(into -> commit(into, merged)
                                        .invoke(() -> {
                                            metrics.counter(
                                                            "tailor.identity.merges",
                                                            "cause",
                                                            cause.name().toLowerCase())
                                                    .increment();
                                            Log.debugf("Merged customer %s into %s (%s)", merged, into, cause);
                                            merges.fire(new ProfilesMerged(into, merged));
                                        })
                                        .replaceWith(true)));
    }

    /**
     * Finishes the merge of {@code customer} if a node left it half done: its own link names another customer while
     * its profile is still there or the survivor still counts it uncommitted. Answers whether there was one.
     */
    private Uni<Boolean> finish(String customer, Cause cause) {
        return redis.value(String.class)
                .get(IdentifierKeys.linkKey(customer))
                .flatMap(link -> link == null
                        ? Uni.createFrom().item(false)
                        : facts.exists(customer)
                                .flatMap(exists -> exists
                                        ? Uni.createFrom().item(true)
                                        : redis.set(String.class).sismember(Identities.mergedKey(link), customer))
                                .flatMap(open -> !open
                                        ? Uni.createFrom().item(false)
                                        : resolve(link)
                                                .flatMap(survivor -> mergeProfiles(survivor, customer, cause, null))));
    }

    /**
     * The first step of a merge: links the merged customer's own id to the survivor (also when it was linked to a
     * customer merged into the survivor since); false when it was merged into another customer meanwhile.
     */
    Uni<Boolean> freeze(String survivor, String merged) {
        Identifier own = new Identifier(Kind.ANONYMOUS, merged);
        return redis.value(String.class)
                .get(IdentifierKeys.linkKey(merged))
                .flatMap(link -> link == null
                        ? move(own, "", survivor, "")
                        : link.equals(survivor)
                                ? Uni.createFrom().item(true)
                                : resolve(link)
                                        .flatMap(next -> next.equals(survivor)
                                                ? move(own, link, survivor, "")
                                                : Uni.createFrom().item(false)));
    }

    /** Moves every identifier the frozen customer lists from it to the survivor (each by compare-and-set). */
    Uni<Void> repoint(String merged, String survivor) {
        return identifiersOf(merged).flatMap(ids -> {
            Uni<Void> moved = Uni.createFrom().voidItem();
            for (String member : ids) {
                Identifier identifier = Identifier.parse(member);
                if (!identifier.value().equals(merged)) {
                    moved = moved.flatMap(ignored -> move(identifier, merged, survivor, ""))
                            .flatMap(ignored -> settle(identifier));
                }
            }
            return moved;
        });
    }

    /**
     * Adds the frozen customer's facts, applied messageIds and identifiers to the survivor's (merge-profiles.lua);
     * answers the survivor they went to, which is the survivor's survivor when it was merged away meanwhile.
     */
    Uni<String> absorb(String survivor, String merged, Cause cause, String messageId, int attempt) {
        if (attempt > ATTEMPTS) {
            return Uni.createFrom()
                    .failure(new IllegalStateException("The survivor of a merge kept changing; retrying it"));
        }
        var applied = redis.sortedSet(byte[].class);
        return facts.stored(survivor)
                .flatMap(survivorFields -> facts.stored(merged)
                        .flatMap(mergedFields -> identifiersOf(merged)
                                .flatMap(ids -> applied.zrangeWithScores(FactsStore.appliedKey(merged), 0, -1)
                                        .flatMap(scored -> redis.key()
                                                .pttl(FactsStore.appliedKey(merged))
                                                // An absent key is an exception to the client, not -2.
                                                .onFailure(RedisKeyNotFoundException.class)
                                                .recoverWithItem(0L)
                                                .flatMap(ttl -> {
                                                    Map<String, Double> digests = new LinkedHashMap<>();
                                                    scored.forEach(entry -> digests.put(
                                                            java.util.HexFormat.of()
                                                                    .formatHex(entry.value()),
                                                            entry.score()));
                                                    Set<String> all = new java.util.TreeSet<>(ids);
                                                    all.add(ownMember(merged, ids));
                                                    MergeProfilesCall call = MergeProfilesCall.of(
                                                            survivor,
                                                            merged,
                                                            survivorFields,
                                                            mergedFields,
                                                            journal(
                                                                    "merge", null, survivor, merged, cause, messageId,
                                                                    all),
                                                            Math.max(ttl, 0),
                                                            digests,
                                                            List.copyOf(all));
                                                    return MERGE.run(redis, call)
                                                            .invoke(ignored -> journal.touched(call.journalKey()));
                                                })))))
                .flatMap(response -> switch (response.toInteger()) {
                    case -2 -> absorb(survivor, merged, cause, messageId, attempt + 1);
                    case -1 ->
                        resolve(survivor)
                                .flatMap(next -> move(new Identifier(Kind.ANONYMOUS, merged), survivor, next, "")
                                        .flatMap(ignored -> repoint(merged, next))
                                        .flatMap(ignored -> absorb(next, merged, cause, messageId, attempt + 1)));
                    default -> Uni.createFrom().item(survivor);
                });
    }

    /** Deletes the frozen customer's keys, then forgets it among the survivor's uncommitted merges. */
    Uni<Void> commit(String survivor, String merged) {
        return DROP.run(redis, DropMergedCall.of(merged, survivor))
                .flatMap(ignored -> redis.set(String.class).srem(Identities.mergedKey(survivor), merged))
                .flatMap(ignored -> identifiersOf(survivor))
                .flatMap(ids -> settle(Identifier.parse(ownMember(merged, ids))));
    }

    /** Moves an identifier's link from one customer to another and settles it; false when it named another. */
    Uni<Boolean> repoint(Identifier identifier, String from, String to) {
        return move(identifier, from, to, "")
                .flatMap(moved -> settle(identifier).replaceWith(moved));
    }

    /** Lists a customer's own identifier among its identifiers again (after an unmerge). */
    Uni<Void> listOwn(String customer, String member) {
        return LIST.run(redis, ListIdentifierCall.of(customer, member, "")).replaceWithVoid();
    }

    /** The merged profile's own id as an identifier: a userId if the profile says so, else an anonymousId. */
    private static String ownMember(String customerId, Set<String> identifiers) {
        String user = new Identifier(Kind.USER, customerId).member();
        return identifiers.contains(user) ? user : new Identifier(Kind.ANONYMOUS, customerId).member();
    }

    /** Journals what an administrator did (an unmerge) like the links made here. */
    Uni<Void> note(String kind, String customerId, String otherId, Set<String> identifiers) {
        return journalOnly(
                Identities.identifiersKey(customerId),
                journal(kind, null, customerId, otherId, Cause.ADMIN, null, identifiers));
    }

    /** Journals an entry that no script writes, in the slot of {@code key}. */
    private Uni<Void> journalOnly(String key, String entry) {
        String journalKey = Identities.journalKey(key);
        return redis.list(String.class)
                .lpush(journalKey, entry)
                .invoke(ignored -> journal.touched(journalKey))
                .replaceWithVoid();
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
