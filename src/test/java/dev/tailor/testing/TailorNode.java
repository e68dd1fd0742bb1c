package dev.tailor.testing;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Tailor process started from the packaged application ({@code target/quarkus-app}), as an operator runs a node:
 * its own HTTP port, the settings given, its output in {@code target/nodes/<name>.log}. For tests of several nodes
 * sharing Kafka, Redis and PostgreSQL, and of a node killed with {@code kill -9}.
 */
public final class TailorNode implements AutoCloseable {

    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private TailorNode(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a node with {@code settings} as system properties and waits until it answers ready. */
    public static TailorNode start(String name, Map<String, String> settings) throws IOException {
        int port = freePort();
        Path log = Files.createDirectories(Path.of("target", "nodes")).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", System.getProperty("tailor.jar", "target/quarkus-app/quarkus-run.jar")));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        TailorNode node = new TailorNode(name, port, process, log);
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        await(name + " ready")
                .atMost(START_LIMIT)
                .pollInterval(Duration.ofMillis(500))
                .failFast(name + " ended; see " + log, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        return node;
    }

    /** A request to this node, authenticated with {@code key}. */
    public RequestSpecification given(String key) {
        return RestAssured.given()
                .baseUri("http://127.0.0.1")
                .port(port)
                .auth()
                .preemptive()
                .basic(key, "");
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook runs, no offset is committed, no lease or claim is given back. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Stops the node as an operator does (SIGTERM), waiting for its shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
