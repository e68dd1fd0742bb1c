package dev.tailor.shared.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Walks the keys matching a pattern with SCAN, which a Redis Cluster answers for one master only (the client sends a
 * command without keys to a node at random). On one Redis the walk is Redis's own cursor. On a cluster it goes master
 * by master, in the order of their addresses, each through a connection of its own to that master (the masters and
 * their slots from {@code CLUSTER SLOTS}); its cursor names the master and that master's cursor ({@code
 * 10.0.0.2:7001@1234}), "0" still starting and ending it. A master that leaves during a walk is skipped and one that
 * joins is walked when its address comes after the current one: SCAN's promise (a key present throughout is seen)
 * holds while the cluster's masters stay the same.
 */
@ApplicationScoped
public class RedisKeyScan {

    private static final String END = "0";

    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final boolean cluster;
    private final URI firstNode;
    private final Optional<String> password;
    private final Optional<TlsConfiguration> tls;
    private final Map<String, Redis> masters = new ConcurrentHashMap<>();

    public RedisKeyScan(
            ReactiveRedisDataSource redis,
            Vertx vertx,
            TlsConfigurationRegistry tlsConfigurations,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType,
            @ConfigProperty(name = "quarkus.redis.hosts") List<URI> hosts,
            @ConfigProperty(name = "quarkus.redis.password") Optional<String> password,
            @ConfigProperty(name = "quarkus.redis.tls-configuration-name") Optional<String> tlsName) {
        this.redis = redis;
        this.vertx = vertx;
        this.cluster = "cluster".equalsIgnoreCase(clientType);
        this.firstNode = hosts.get(0);
        this.password = password.filter(value -> !value.isEmpty());
        this.tls = tlsName.flatMap(tlsConfigurations::get);
    }

    /** One page of the walk over the keys matching {@code pattern}: start with cursor "0", stop when it answers "0". */
    public Uni<KeyPage> page(String cursor, String pattern, int count) {
        if (!cluster) {
            return scan(redis.getRedis(), cursor, pattern, count);
        }
        return slotMasters().flatMap(bySlot -> {
            List<String> addresses =
                    bySlot.values().stream().distinct().sorted().toList();
            String address = END.equals(cursor) ? addresses.get(0) : cursor.substring(0, cursor.lastIndexOf('@'));
            String own = END.equals(cursor) ? END : cursor.substring(cursor.lastIndexOf('@') + 1);
            if (!addresses.contains(address)) { // gone since the last page: go on with the next
                return nextMaster(addresses, address)
                        .map(next -> page(next + "@" + END, pattern, count))
                        .orElse(Uni.createFrom().item(new KeyPage(List.of(), END)));
            }
            return scan(master(address), own, pattern, count).map(found -> {
                String next = !END.equals(found.cursor())
                        ? address + "@" + found.cursor()
                        : nextMaster(addresses, address).map(m -> m + "@" + END).orElse(END);
                return new KeyPage(found.keys(), next);
            });
        });
    }

    /**
     * Every key matching {@code pattern} in the slot of {@code key}, a whole walk: the keys under one hash tag (a
     * customer's), which on a cluster sit on one master, the one walked.
     */
    public Uni<List<String>> inSlotOf(String key, String pattern) {
        if (!cluster) {
            return walk(redis.getRedis(), END, pattern, new ArrayList<>());
        }
        return slotMasters()
                .flatMap(bySlot ->
                        walk(master(bySlot.floorEntry(HashSlot.of(key)).getValue()), END, pattern, new ArrayList<>()));
    }

    private Uni<List<String>> walk(Redis node, String cursor, String pattern, List<String> found) {
        return scan(node, cursor, pattern, 10_000).flatMap(page -> {
            found.addAll(page.keys());
            return END.equals(page.cursor()) ? Uni.createFrom().item(found) : walk(node, page.cursor(), pattern, found);
        });
    }

    private static Uni<KeyPage> scan(Redis node, String cursor, String pattern, int count) {
        Request scan = Request.cmd(Command.SCAN)
                .arg(cursor)
                .arg("MATCH")
                .arg(pattern)
                .arg("COUNT")
                .arg(count);
        return node.send(scan)
                .map(reply -> new KeyPage(
                        StreamSupport.stream(reply.get(1).spliterator(), false)
                                .map(Response::toString)
                                .toList(),
                        reply.get(0).toString()));
    }

    private static Optional<String> nextMaster(List<String> addresses, String after) {
        return addresses.stream()
                .filter(address -> address.compareTo(after) > 0)
                .findFirst();
    }

    /** The master ({@code host:port}) of each range of slots, by the range's first slot. */
    private Uni<TreeMap<Integer, String>> slotMasters() {
        return redis.getRedis().send(Request.cmd(Command.CLUSTER).arg("SLOTS")).map(reply -> {
            TreeMap<Integer, String> bySlot = new TreeMap<>();
            for (Response range : reply) {
                Response master = range.get(2);
                bySlot.put(
                        range.get(0).toInteger(),
                        master.get(0).toString() + ":" + master.get(1).toInteger());
            }
            return bySlot;
        });
    }

    /** A client of one master, made once: the configured scheme, user and password, on that master's address. */
    private Redis master(String address) {
        return masters.computeIfAbsent(address, this::connect);
    }

    private Redis connect(String address) {
        String userInfo = firstNode.getRawUserInfo() == null ? "" : firstNode.getRawUserInfo() + "@";
        RedisOptions options = new RedisOptions()
                .setConnectionString(firstNode.getScheme() + "://" + userInfo + address)
                .setMaxPoolSize(2)
                .setMaxPoolWaiting(32);
        password.ifPresent(options::setPassword);
        if ("rediss".equals(firstNode.getScheme())) {
            NetClientOptions net = new NetClientOptions().setSsl(true);
            tls.ifPresent(configuration -> {
                net.setTrustOptions(configuration.getTrustStoreOptions());
                configuration.getHostnameVerificationAlgorithm().ifPresent(net::setHostnameVerificationAlgorithm);
            });
            options.setNetClientOptions(net);
        }
        return Redis.createClient(vertx, options);
    }

    @PreDestroy
    void close() {
        masters.values().forEach(Redis::close);
    }

    /** Keys found by one SCAN step, and the cursor to go on with ("0": the walk is over). */
    public record KeyPage(List<String> keys, String cursor) {}
}
