package dev.tailor.facts;

import dev.tailor.events.CustomerKeys;
import dev.tailor.shared.redis.RedisBatches;
import dev.tailor.shared.redis.RedisKeyScan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which customers have facts (a hash under their id): asked of one, of many, or walked. */
final class KnownCustomers {

    /** Matches the facts hashes: the other keys of a customer's namespace go on after its hash tag. */
    private static final String EVERY_CUSTOMER = CustomerKeys.of("*");

    private final Redis redis;
    private final RedisKeyScan keyScan;

    KnownCustomers(Redis redis, RedisKeyScan keyScan) {
        this.redis = redis;
        this.keyScan = keyScan;
    }

    Uni<Boolean> exists(String customerId) {
        return redis.send(exists(List.of(customerId)).get(0)).map(reply -> reply.toInteger() == 1);
    }

    /** Which of {@code customerIds} have facts, asked in one pipelined round trip. */
    Uni<Set<String>> known(Collection<String> customerIds) {
        List<String> ids = List.copyOf(customerIds);
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return RedisBatches.send(redis, exists(ids)).map(responses -> {
            Set<String> known = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                if (responses.get(i).toInteger() == 1) {
                    known.add(ids.get(i));
                }
            }
            return known;
        });
    }

    private static List<Request> exists(List<String> customerIds) {
        return customerIds.stream()
                .map(id -> Request.cmd(Command.EXISTS).arg(CustomerKeys.of(id)))
                .toList();
    }

    /**
     * Walks the customers that have facts, a page at a time (Redis SCAN, on every master of a cluster: each customer
     * present throughout the walk is seen at least once). Start with cursor "0".
     */
    Uni<CustomerScan> scan(String cursor, int pageSize) {
        return keyScan.page(cursor, EVERY_CUSTOMER, pageSize).map(KnownCustomers::page);
    }

    private static CustomerScan page(RedisKeyScan.KeyPage page) {
        String prefix = CustomerKeys.PREFIX;
        List<String> ids = page.keys().stream()
                .filter(key -> key.endsWith("}"))
                .map(key -> key.substring(prefix.length(), key.length() - 1))
                .toList();
        return new CustomerScan(ids, page.cursor());
    }
}
