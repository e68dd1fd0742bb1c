package dev.tailor.testing;

import dev.tailor.shared.redis.HashSlot;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The local three-master Redis Cluster that {@code scripts/services.sh up} makes sure answers, on the loopback ports
 * of {@code TAILOR_REDIS_CLUSTER_PORTS} (default "7000 7001 7002"). Other runs share it: a test keeps its keys under
 * a namespace of its own and deletes only those, never flushes.
 */
public final class RedisClusterServer {

    /** The variable naming the ports, as scripts/services.sh reads it. */
    public static final String PORTS = "TAILOR_REDIS_CLUSTER_PORTS";

    private final List<Integer> ports;

    private RedisClusterServer(List<Integer> ports) {
        this.ports = ports;
    }

    /** The cluster on the ports the environment names. */
    public static RedisClusterServer fromEnvironment() {
        String ports = System.getenv().getOrDefault(PORTS, "7000 7001 7002").strip();
        return new RedisClusterServer(Arrays.stream(ports.split("\\s+"))
                .filter(port -> !port.isEmpty())
                .map(Integer::valueOf)
                .toList());
    }

    public List<Integer> ports() {
        return ports;
    }

    /** Tailor's setting for the cluster: every node, comma-separated. */
    public String hosts() {
        return ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** Fails saying how to start it unless every node answers cluster_state:ok. */
    public RedisClusterServer requireAnswering() {
        if (ports.isEmpty()) {
            throw new IllegalStateException(PORTS + " is empty: these tests need a Redis Cluster");
        }
        for (int port : ports) {
            if (!cli(port, "cluster", "info").contains("cluster_state:ok")) {
                throw new IllegalStateException("The Redis Cluster node on port " + port
                        + " does not answer cluster_state:ok: run scripts/services.sh up");
            }
        }
        return this;
    }

    /** The port of the master holding {@code key}'s slot. */
    public int masterOf(String key) {
        int slot = HashSlot.of(key);
        for (String line : cli(ports.get(0), "cluster", "nodes").split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 9 || !fields[2].contains("master")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                String[] range = fields[i].split("-");
                if (range[0].startsWith("[")) {
                    continue; // a slot being migrated
                }
                int first = Integer.parseInt(range[0]);
                int last = range.length > 1 ? Integer.parseInt(range[1]) : first;
                if (slot >= first && slot <= last) {
                    String address = fields[1].substring(0, fields[1].indexOf('@'));
                    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                }
            }
        }
        throw new IllegalStateException("No master serves slot " + slot);
    }

    /** Deletes the keys matching {@code pattern} on every master (a test's namespace, never more). */
    public void deleteKeys(String pattern) {
        for (int port : ports) {
            String[] keys = cli(port, "--scan", "--pattern", pattern)
                    .lines()
                    .filter(key -> !key.isBlank())
                    .toArray(String[]::new);
            if (keys.length > 0) {
                pipe(
                        port,
                        Arrays.stream(keys)
                                .map(key -> "UNLINK \"" + key + "\"\n")
                                .collect(Collectors.joining()));
            }
        }
    }

    /** Runs redis-cli against one node and answers what it printed. */
    public String cli(int port, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "redis-cli";
        command[1] = "-p";
        command[2] = Integer.toString(port);
        System.arraycopy(args, 0, command, 3, args.length);
        return RedisServer.runWithInput(null, command);
    }

    private void pipe(int port, String commands) {
        RedisServer.runWithInput(commands, "redis-cli", "-p", Integer.toString(port));
    }
}
