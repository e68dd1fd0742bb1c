package dev.tailor.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A redis-server of a test's own on a port of its own, keeping nothing on disk unless told to, so that a test can
 * stop, pause, flush or break it without disturbing other runs on the machine's shared Redis.
 */
public final class RedisServer {

    private final int port;
    private final Path dir;

    /** A server on {@code port} that works in {@code dir} (its log and, when saved, its data). */
    public RedisServer(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts it, first stopping one an interrupted run left on the port, and waits until it answers. */
    public RedisServer start() {
        stop();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make " + dir, e);
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
                dir.toString(),
                "--logfile",
                dir.resolve("redis.log").toString());
        await("redis-server on port " + port).atMost(Duration.ofSeconds(10)).until(this::answers);
        return this;
    }

    /** Starts it empty: what an earlier save left in its folder is deleted first. */
    public RedisServer startEmpty() {
        try {
            Files.deleteIfExists(dir.resolve("dump.rdb"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot empty " + dir, e);
        }
        return start();
    }

    /** Stops it, losing its data, as the local Redis (which keeps nothing on disk) would. */
    public void stop() {
        shutdown("nosave");
    }

    /** Stops it after saving its data, which it loads when started again. */
    public void stopKeepingData() {
        shutdown("save");
    }

    /** Holds every client's commands for a while, as a Redis stalled by a slow script or a failover would. */
    public void pause(Duration duration) {
        cli("client", "pause", Long.toString(duration.toMillis()), "all");
    }

    /** Runs redis-cli against it and answers what it printed. */
    public String cli(String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "redis-cli";
        command[1] = "-p";
        command[2] = Integer.toString(port);
        System.arraycopy(args, 0, command, 3, args.length);
        return run(command);
    }

    public boolean answers() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void shutdown(String how) {
        cli("shutdown", how);
        await("redis-server on port " + port + " stopped")
                .atMost(Duration.ofSeconds(10))
                .until(() -> !answers());
    }

    private static String run(String... command) {
        return runWithInput(null, command);
    }

    /** Runs {@code command} with {@code input} (when not null) on its standard input; answers what it printed. */
    static String runWithInput(String input, String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            try (Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
                if (input != null) {
                    stdin.write(input);
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + command[0], e);
        }
    }
}
