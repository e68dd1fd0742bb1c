package dev.tailor.facts;

import dev.tailor.events.CustomerKeys;
import dev.tailor.events.IdentifierKeys;
import dev.tailor.shared.redis.RedisBatches;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Customers' facts hashes read from Redis, each under the id asked for or, when that id has no facts of its own,
 * under the id it was merged into (its identity link). Hashes are read by the client's own command API: the data
 * source's {@code hgetall} decodes every value again through its codec registry, which was a visible share of a
 * render.
 */
final class FactsHashes {

    private final Redis redis;

    FactsHashes(Redis redis) {
        this.redis = redis;
    }

    /** The customer's hash as stored (empty when it has none), under its own id. */
    Uni<Map<String, String>> own(String customerId) {
        return redis.send(hgetall(customerId)).map(FactsHashes::fields);
    }

    /** The hashes of many customers in one pipelined round trip, in order; an id without facts has an empty one. */
    Uni<List<Map<String, String>>> own(List<String> customerIds) {
        return RedisBatches.send(
                        redis, customerIds.stream().map(FactsHashes::hgetall).toList())
                .map(responses -> responses.stream().map(FactsHashes::fields).toList());
    }

    /**
     * Reads the hash under the id asked for; only when there is none is the id looked up among the identity links,
     * so a render for a known id costs one round trip and one for a merged-away id three.
     */
    Uni<StoredFacts> following(String customerId) {
        return own(customerId).flatMap(fields -> {
            StoredFacts found = new StoredFacts(customerId, fields);
            if (found.hasFacts()) {
                return Uni.createFrom().item(found);
            }
            return redis.send(Request.cmd(Command.GET).arg(IdentifierKeys.linkKey(customerId)))
                    .flatMap(linked -> linked == null
                            ? Uni.createFrom().item(found)
                            : own(linked.toString())
                                    .map(linkedFields -> new StoredFacts(linked.toString(), linkedFields)));
        });
    }

    /**
     * The hashes of many customers as {@link #following(String)} reads one, in three pipelined round trips at most:
     * the hashes, the links of those without facts, the hashes of the ids they link to. One per id, in order.
     */
    Uni<List<StoredFacts>> following(List<String> customerIds) {
        return own(customerIds).flatMap(hashes -> {
            List<StoredFacts> stored = new ArrayList<>(customerIds.size());
            for (int i = 0; i < customerIds.size(); i++) {
                stored.add(new StoredFacts(customerIds.get(i), hashes.get(i)));
            }
            return followLinks(stored);
        });
    }

    private Uni<List<StoredFacts>> followLinks(List<StoredFacts> stored) {
        List<Integer> empty = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            if (!stored.get(i).hasFacts()) {
                empty.add(i);
            }
        }
        if (empty.isEmpty()) {
            return Uni.createFrom().item(stored);
        }
        List<Request> links = empty.stream()
                .map(i -> Request.cmd(Command.GET)
                        .arg(IdentifierKeys.linkKey(stored.get(i).customerId())))
                .toList();
        return RedisBatches.send(redis, links).flatMap(linked -> {
            List<Integer> found = new ArrayList<>();
            List<String> canonical = new ArrayList<>();
            for (int j = 0; j < empty.size(); j++) {
                if (linked.get(j) != null) {
                    found.add(empty.get(j));
                    canonical.add(linked.get(j).toString());
                }
            }
            if (found.isEmpty()) {
                return Uni.createFrom().item(stored);
            }
            return own(canonical).map(hashes -> {
                List<StoredFacts> resolved = new ArrayList<>(stored);
                for (int k = 0; k < found.size(); k++) {
                    resolved.set(found.get(k), new StoredFacts(canonical.get(k), hashes.get(k)));
                }
                return resolved;
            });
        });
    }

    private static Request hgetall(String customerId) {
        return Request.cmd(Command.HGETALL).arg(CustomerKeys.of(customerId));
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
}
