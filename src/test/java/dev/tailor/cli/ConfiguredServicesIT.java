package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.testing.EventLogWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The scripts honour the services' configuration given by environment only: a Redis on another port, database and
 * password named by TAILOR_REDIS_URL is started by scripts/services.sh (it is on this machine) and receives the
 * facts scripts/replay.sh rebuilds; one spoken to over TLS (rediss://) is trusted through the authority TAILOR_REDIS_CA
 * names; services configured elsewhere are checked, never started here.
 */
class ConfiguredServicesIT {

    private static final Duration LIMIT = Duration.ofMinutes(4);
    /** A Redis of this test's own, which services.sh starts and the test stops. */
    private static final int PORT =
            Integer.parseInt(System.getenv().getOrDefault("TAILOR_TEST_OWN_REDIS_PORT", "6398"));

    private static final String PASSWORD = "configured-" + UUID.randomUUID();
    /** A Redis of this test's own that speaks TLS only, with a certificate of a private authority. */
    private static final int TLS_PORT =
            Integer.parseInt(System.getenv().getOrDefault("TAILOR_TEST_OWN_TLS_REDIS_PORT", "6396"));

    private static final String REDIS_URL = "redis://:" + PASSWORD + "@127.0.0.1:" + PORT + "/3";
    private static final String DATABASE = "tailor_configured"
            + System.getenv().getOrDefault("TAILOR_TEST_GROUP_SUFFIX", "").replaceAll("[^a-zA-Z0-9]", "_");

    @Test
    void replayWritesToTheRedisTheEnvironmentNamesWhichServicesUpStartedThere() throws Exception {
        ownRedis("shutdown", "nosave"); // one left by an interrupted run
        Path runDir = Script.ROOT.resolve("target").resolve("configured-services");
        String topic = "tailor.configured." + UUID.randomUUID();
        String customer = "configured-" + UUID.randomUUID();
        Map<String, String> environment = Map.of(
                "TAILOR_REDIS_URL",
                REDIS_URL,
                "TAILOR_RUN_DIR",
                runDir.toString(),
                "TAILOR_DB_NAME",
                DATABASE,
                // Only what keeps this run apart from others: no Redis setting here, the URL alone says where.
                "JAVA_OPTS",
                String.join(
                        " ",
                        "-Xmx512m",
                        "-Dmp.messaging.incoming.events-in.enabled=false",
                        "-Dmp.messaging.incoming.segment-changes-in.enabled=false",
                        "-Dtailor.rules.backfill-new-facts=false",
                        "-Dmp.messaging.incoming.events-in.topic=" + topic));
        try {
            Script.Run up = Script.run(environment, LIMIT, "scripts/services.sh", "up");
            assertThat(up.exit()).as(up.output()).isZero();
            assertThat(up.output())
                    .contains("[services] redis: started on 127.0.0.1:" + PORT)
                    .contains("[services] postgresql: running on 127.0.0.1:5432");
            assertThat(ownRedis("ping")).isEqualTo("PONG");

            EventLogWriter.createWithOneEvent(topic, customer);
            Script.Run replay = Script.run(environment, LIMIT, "scripts/replay.sh", "--customers", customer);

            assertThat(replay.exit()).as(replay.output()).isZero();
            assertThat(replay.output()).contains("replayed 1 events (1 applied, 0 skipped, 0 unreadable)");
            assertThat(ownRedis("-n", "3", "EXISTS", "tailor:c:{" + customer + "}"))
                    .isEqualTo("1");
            assertThat(command("redis-cli", "-n", "3", "EXISTS", "tailor:c:{" + customer + "}"))
                    .isEqualTo("0");
            assertThat(command("redis-cli", "-n", "0", "EXISTS", "tailor:c:{" + customer + "}"))
                    .isEqualTo("0");
        } finally {
            ownRedis("shutdown", "nosave");
        }
    }

    @Test
    void overTlsTheServersCertificateIsCheckedAgainstTheAuthorityTheEnvironmentNames() throws Exception {
        Path dir = Files.createDirectories(Script.ROOT.resolve("target").resolve("configured-services-tls"));
        Path authority = signedServerCertificate(dir);
        tlsRedis(authority, "shutdown", "nosave"); // one left by an interrupted run
        command(
                "redis-server",
                "--daemonize",
                "yes",
                "--port",
                "0",
                "--tls-port",
                Integer.toString(TLS_PORT),
                "--tls-cert-file",
                dir.resolve("server.pem").toString(),
                "--tls-key-file",
                dir.resolve("server.key").toString(),
                "--tls-ca-cert-file",
                authority.toString(),
                "--tls-auth-clients",
                "no",
                "--requirepass",
                PASSWORD,
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                dir.resolve("redis.log").toString());
        String topic = "tailor.configured.tls." + UUID.randomUUID();
        String customer = "configured-tls-" + UUID.randomUUID();
        Map<String, String> untrusted = Map.of(
                "TAILOR_REDIS_URL",
                "rediss://:" + PASSWORD + "@localhost:" + TLS_PORT + "/3",
                "TAILOR_DB_NAME",
                DATABASE,
                "JAVA_OPTS",
                String.join(
                        " ",
                        "-Xmx512m",
                        "-Dmp.messaging.incoming.events-in.enabled=false",
                        "-Dmp.messaging.incoming.segment-changes-in.enabled=false",
                        "-Dtailor.rules.backfill-new-facts=false",
                        "-Dmp.messaging.incoming.events-in.topic=" + topic));
        Map<String, String> trusted = new HashMap<>(untrusted);
        trusted.put("TAILOR_REDIS_CA", authority.toString());
        try {
            awaitPong(authority);
            Script.Run up = Script.run(trusted, LIMIT, "scripts/services.sh", "up");
            assertThat(up.exit()).as(up.output()).isZero();
            assertThat(up.output()).contains("[services] redis: running on localhost:" + TLS_PORT);

            EventLogWriter.createWithOneEvent(topic, customer);
            Script.Run refused = Script.run(untrusted, LIMIT, "scripts/replay.sh", "--customers", customer);
            assertThat(refused.exit()).as(refused.output()).isNotZero();
            assertThat(refused.output()).contains("unable to find valid certification path");

            Script.Run replay = Script.run(trusted, LIMIT, "scripts/replay.sh", "--customers", customer);
            assertThat(replay.exit()).as(replay.output()).isZero();
            assertThat(replay.output()).contains("replayed 1 events (1 applied, 0 skipped, 0 unreadable)");
            assertThat(tlsRedis(authority, "-n", "3", "EXISTS", "tailor:c:{" + customer + "}"))
                    .isEqualTo("1");
        } finally {
            tlsRedis(authority, "shutdown", "nosave");
        }
    }

    @Test
    void servicesConfiguredElsewhereAreCheckedAndNeverStartedHere() throws Exception {
        Map<String, Map<String, String>> elsewhere = Map.of(
                "redis: nothing answers on redis.invalid:6390",
                Map.of("TAILOR_REDIS_URL", "redis://redis.invalid:6390/2"),
                "postgresql: nothing answers on db.invalid:5433",
                Map.of("TAILOR_DB_HOST", "db.invalid", "TAILOR_DB_PORT", "5433"),
                "kafka: nothing answers on kafka.invalid:9092",
                Map.of("TAILOR_KAFKA_BOOTSTRAP", "kafka.invalid:9092"));
        for (var expected : elsewhere.entrySet()) {
            Script.Run up = Script.run(expected.getValue(), LIMIT, "scripts/services.sh", "up");
            assertThat(up.exit()).as(up.output()).isEqualTo(1);
            assertThat(up.output()).contains("[services] " + expected.getKey()).doesNotContain(": started");
        }

        Script.Run malformed =
                Script.run(Map.of("TAILOR_REDIS_URL", "127.0.0.1:6379"), LIMIT, "scripts/services.sh", "up");
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.output()).contains("TAILOR_REDIS_URL is not redis://");
    }

    /** A private authority and a certificate it signed for localhost; returns the authority's PEM file. */
    private static Path signedServerCertificate(Path dir) throws Exception {
        String ca = dir.resolve("ca.pem").toString();
        String caKey = dir.resolve("ca.key").toString();
        String key = dir.resolve("server.key").toString();
        String request = dir.resolve("server.csr").toString();
        Path names = Files.writeString(dir.resolve("names.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        command(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=Tailor test CA",
                "-keyout",
                caKey,
                "-out",
                ca);
        command(
                "openssl",
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=localhost",
                "-keyout",
                key,
                "-out",
                request);
        command(
                "openssl",
                "x509",
                "-req",
                "-in",
                request,
                "-CA",
                ca,
                "-CAkey",
                caKey,
                "-CAcreateserial",
                "-days",
                "1",
                "-extfile",
                names.toString(),
                "-out",
                dir.resolve("server.pem").toString());
        return Path.of(ca);
    }

    private static void awaitPong(Path authority) {
        await("the TLS Redis answers")
                .atMost(Duration.ofSeconds(20))
                .until(() -> tlsRedis(authority, "ping"), "PONG"::equals);
    }

    private static String tlsRedis(Path authority, String... args) throws Exception {
        List<String> line = new ArrayList<>(
                List.of("redis-cli", "-p", Integer.toString(TLS_PORT), "--tls", "--cacert", authority.toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().put("REDISCLI_AUTH", PASSWORD);
        return run(builder);
    }

    private static String ownRedis(String... args) throws Exception {
        String[] line = new String[args.length + 3];
        line[0] = "redis-cli";
        line[1] = "-p";
        line[2] = Integer.toString(PORT);
        System.arraycopy(args, 0, line, 3, args.length);
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().put("REDISCLI_AUTH", PASSWORD);
        return run(builder);
    }

    private static String command(String... line) throws Exception {
        return run(new ProcessBuilder(line));
    }

    private static String run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return output.strip();
    }
}
