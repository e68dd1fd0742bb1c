package dev.tailor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own, on another port, so that a test can stop and restart it without
 * disturbing others. Made with the local PostgreSQL's initdb and pg_ctl, run as the postgres user.
 */
public class OwnPostgres implements QuarkusTestResourceLifecycleManager {

    static final int PORT = 5439;
    private static Path data;

    static Path bin() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted().reduce((a, b) -> b).orElseThrow().resolve("bin");
        } catch (IOException e) {
            throw new IllegalStateException("No PostgreSQL installation found", e);
        }
    }

    public static void startPostgres() {
        run(
                "runuser",
                "-u",
                "postgres",
                "--",
                bin().resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-w",
                "-l",
                data.resolve("server.log").toString(),
                "-o",
                "-p " + PORT + " -k /tmp -c listen_addresses=127.0.0.1",
                "start");
    }

    public static void stopPostgres() {
        run(
                "runuser",
                "-u",
                "postgres",
                "--",
                bin().resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-w",
                "-m",
                "fast",
                "stop");
    }

    @Override
    public Map<String, String> start() {
        try {
            data = Files.createTempDirectory("tailor-own-pg");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        run("chown", "postgres", data.toString());
        run(
                "runuser",
                "-u",
                "postgres",
                "--",
                bin().resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-A",
                "trust",
                "-U",
                "postgres");
        startPostgres();
        run(
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(PORT),
                "-U",
                "postgres",
                "-c",
                "create database tailor_own");
        return Map.of(
                "%test.quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + PORT + "/tailor_own",
                "%test.quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + PORT + "/tailor_own",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + PORT + "/tailor_own",
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + PORT + "/tailor_own");
    }

    @Override
    public void stop() {
        stopPostgres();
        run("rm", "-rf", data.toString());
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (process.waitFor() != 0 && !command[command.length - 1].equals("stop")) {
                throw new IllegalStateException("Failed: " + String.join(" ", command));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
