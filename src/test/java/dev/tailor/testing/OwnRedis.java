package dev.tailor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile.TestResourceEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Redis of the test's own on a port of its own (the init argument {@value #PORT}), so that a test can stop, pause
 * and restart it without disturbing others. It starts empty; it keeps its data across a stop only when stopped with
 * {@link #stopRedisKeepingData()}, as a Redis with persistence restarted by an operator would.
 */
public class OwnRedis implements QuarkusTestResourceLifecycleManager {

    /** The init argument naming the port. */
    public static final String PORT = "port";

    private RedisServer server;

    /** For Quarkus, which passes the port with {@link #init}. */
    public OwnRedis() {}

    /** For the test itself, to stop and start the Redis its resource started on {@code port}. */
    public OwnRedis(int port) {
        server = server(port);
    }

    /** The test resource for a Redis on {@code port}. */
    public static TestResourceEntry on(int port) {
        return new TestResourceEntry(OwnRedis.class, Map.of(PORT, Integer.toString(port)));
    }

    @Override
    public void init(Map<String, String> initArgs) {
        server = server(Integer.parseInt(initArgs.get(PORT)));
    }

    @Override
    public Map<String, String> start() {
        server.startEmpty();
        return Map.of("quarkus.redis.hosts", server.url());
    }

    @Override
    public void stop() {
        server.stop();
    }

    public void startRedis() {
        server.start();
    }

    /** Stops the Redis, losing its data, as the local Redis (which keeps nothing on disk) would. */
    public void stopRedis() {
        server.stop();
    }

    /** Stops the Redis after saving its data, which it loads when started again. */
    public void stopRedisKeepingData() {
        server.stopKeepingData();
    }

    /** Holds every client's commands for a while, as a Redis stalled by a slow script or a failover would. */
    public void pauseRedis(Duration duration) {
        server.pause(duration);
    }

    private static RedisServer server(int port) {
        return new RedisServer(port, Path.of(System.getProperty("java.io.tmpdir"), "tailor-own-redis-" + port));
    }
}
