package dev.tailor.decisions;

import dev.tailor.events.RedisKeys;
import dev.tailor.shared.redis.RedisBatches;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * The codes decision records keep for segment names, and their dictionary ({@code tailor:segments}, a hash of names
 * by code). A name's code is the first 5 hex digits of its SHA-1; a name whose code another name took first is
 * recorded as {@code =<name>}. A node registers a name before it records a decision that uses it, apart from the
 * record (the dictionary only grows, so it needs no atomicity with it): record-decision.lua then takes the customer's
 * key alone, in one slot of a Redis Cluster.
 *
 * <p>Each node remembers the codes it registered or read, so that a batch of decisions costs no round trip for names
 * it has seen. It forgets them every {@link #REMEMBERED}: a Redis that lost its data (the facts are rebuilt by replay)
 * gets the names of new records back within that time.
 */
@ApplicationScoped
public class SegmentCodes {

    static final String NAMES = RedisKeys.ROOT + "segments";
    /** How long a node trusts what it knows of the dictionary. */
    static final Duration REMEMBERED = Duration.ofMinutes(1);

    private static final String COLLIDED = "=";
    private static final int CODE_DIGITS = 5;

    private final ReactiveRedisDataSource redis;
    private final String key;
    private final Map<String, String> codeByName = new ConcurrentHashMap<>();
    private final Map<String, String> nameByCode = new ConcurrentHashMap<>();
    private volatile long rememberedSince = System.nanoTime();

    @Inject
    public SegmentCodes(ReactiveRedisDataSource redis) {
        this(redis, NAMES);
    }

    /** A dictionary of its own under {@code key} (tests). */
    SegmentCodes(ReactiveRedisDataSource redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    /** The code a name would hold if no other name held it first. */
    static String codeOf(String name) {
        return DigestUtils.sha1Hex(name).substring(0, CODE_DIGITS);
    }

    /** The codes to record for these names, registering those this node has not seen: one round trip at most. */
    public Uni<Map<String, String>> register(Collection<String> names) {
        forgetWhenOld();
        Map<String, String> codes = new HashMap<>();
        List<String> unseen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            String code = codeByName.get(name);
            if (code == null) {
                unseen.add(name);
            } else {
                codes.put(name, code);
            }
        }
        if (unseen.isEmpty()) {
            return Uni.createFrom().item(codes);
        }
        List<Request> requests = new ArrayList<>(unseen.size() * 2);
        for (String name : unseen) {
            String code = codeOf(name);
            requests.add(Request.cmd(Command.HSETNX).arg(key).arg(code).arg(name));
            requests.add(Request.cmd(Command.HGET).arg(key).arg(code));
        }
        // Every request names the one dictionary key: one slot, one node.
        return RedisBatches.send(redis.getRedis(), requests).map(replies -> {
            for (int i = 0; i < unseen.size(); i++) {
                String name = unseen.get(i);
                String code = codeOf(name);
                Response holder = replies.get(2 * i + 1);
                if (holder != null && name.equals(holder.toString())) {
                    nameByCode.put(code, name);
                } else {
                    code = COLLIDED + name;
                }
                codeByName.put(name, code);
                codes.put(name, code);
            }
            return codes;
        });
    }

    /**
     * The names of recorded codes: a collided one names itself, the others are read from the dictionary when this
     * node does not know them (one round trip at most). A code the dictionary does not hold answers itself.
     */
    public Uni<Map<String, String>> names(Collection<String> codes) {
        forgetWhenOld();
        Map<String, String> named = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String code : new LinkedHashSet<>(codes)) {
            String name = code.startsWith(COLLIDED) ? code.substring(COLLIDED.length()) : nameByCode.get(code);
            if (name != null) {
                named.put(code, name);
            } else {
                unknown.add(code);
            }
        }
        if (unknown.isEmpty()) {
            return Uni.createFrom().item(named);
        }
        return redis.hash(String.class)
                .hmget(key, unknown.toArray(String[]::new))
                .map(read -> {
                    for (String code : unknown) {
                        String name = read.get(code);
                        if (name != null) {
                            nameByCode.put(code, name);
                        }
                        named.put(code, name == null ? code : name);
                    }
                    return named;
                });
    }

    private void forgetWhenOld() {
        long now = System.nanoTime();
        if (now - rememberedSince > REMEMBERED.toNanos()) {
            rememberedSince = now;
            codeByName.clear();
            nameByCode.clear();
        }
    }
}
