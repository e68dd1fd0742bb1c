package dev.tailor.resilience;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile.TestResourceEntry;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
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

    private int port;

    /** For Quarkus, which passes the port with {@link #init}. */
    public OwnRedis() {}

    /** For the test itself, to stop and start the Redis its resource started on {@code port}. */
    public OwnRedis(int port) {
        this.port = port;
    }

    /** The test resource for a Redis on {@code port}. */
    public static TestResourceEntry on(int port) {
        return new TestResourceEntry(OwnRedis.class, Map.of(PORT, Integer.toString(port)));
    }

    @Override
    public void init(Map<String, String> initArgs) {
        port = Integer.parseInt(initArgs.get(PORT));
    }

    @Override
    public Map<String, String> start() {
        stopRedis();
        try {
            Files.deleteIfExists(dir().resolve("dump.rdb"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot empty " + dir(), e);
        }
        startRedis();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        stopRedis();
    }

    void startRedis() {
        try {
            Files.createDirectories(dir());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make " + dir(), e);
        }
        run(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "yes",
                "--dir",
                dir().toString());
        for (int i = 0; i < 50 && !answers(); i++) {
            sleep(100);
        }
    }

    /** Stops the Redis, losing its data, as the local Redis (which keeps nothing on disk) would. */
    void stopRedis() {
        shutdown("nosave");
    }

    /** Stops the Redis after saving its data, which it loads when started again. */
    void stopRedisKeepingData() {
        shutdown("save");
    }

    /** Holds every client's commands for a while, as a Redis stalled by a slow script or a failover would. */
    void pauseRedis(Duration duration) {
        run("redis-cli", "-p", Integer.toString(port), "client", "pause", Long.toString(duration.toMillis()), "all");
    }

    private void shutdown(String how) {
        run("redis-cli", "-p", Integer.toString(port), "shutdown", how);
        for (int i = 0; i < 50 && answers(); i++) {
            sleep(100);
        }
    }

    private Path dir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "tailor-own-redis-" + port);
    }

    private boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) {
        try {
            new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
