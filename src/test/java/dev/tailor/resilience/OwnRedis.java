package dev.tailor.resilience;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;

/** A Redis of the test's own on another port, so that a test can stop and restart it without disturbing others. */
public class OwnRedis implements QuarkusTestResourceLifecycleManager {

    static final int PORT = 6391;

    static void startRedis() {
        run("redis-server", "--port", Integer.toString(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "yes", "--dir", System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < 50 && !answers(); i++) {
            sleep(100);
        }
    }

    static void stopRedis() {
        run("redis-cli", "-p", Integer.toString(PORT), "shutdown", "nosave");
        for (int i = 0; i < 50 && answers(); i++) {
            sleep(100);
        }
    }

    /** Holds every client's commands for a while, as a Redis stalled by a slow script or a failover would. */
    static void pauseRedis(java.time.Duration duration) {
        run("redis-cli", "-p", Integer.toString(PORT), "client", "pause", Long.toString(duration.toMillis()), "all");
    }

    @Override
    public Map<String, String> start() {
        stopRedis();
        startRedis();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + PORT);
    }

    @Override
    public void stop() {
        stopRedis();
    }

    private static boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String... command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
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
