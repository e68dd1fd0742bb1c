package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The prod profile's start-up checks as an operator meets them: {@code scripts/run.sh} with a key of their own (which
 * starts the prod profile) ends with a non-zero exit and the reason, instead of serving with a key anyone can read.
 */
class UnsafeStartIT {

    private static final Duration LIMIT = Duration.ofMinutes(4);
    private static final String ISOLATED = String.join(
            " ",
            "-Xmx512m",
            "-Dquarkus.redis.hosts=redis://127.0.0.1:6379/" + System.getenv().getOrDefault("TAILOR_TEST_REDIS_DB", "1"),
            "-Dmp.messaging.incoming.events-in.enabled=false",
            "-Dmp.messaging.incoming.segment-changes-in.enabled=false",
            "-Dtailor.rules.backfill-new-facts=false");
    private static final String DATABASE = "tailor_unsafe"
            + System.getenv().getOrDefault("TAILOR_TEST_GROUP_SUFFIX", "").replaceAll("[^a-zA-Z0-9]", "_");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the development key        | tailor-local-dev-key                  | ingest,decide,admin | is the development key of scripts/run.sh
            a short key                | short-secret                          | ingest,decide,admin | is shorter than 24 characters
            no key with the admin scope | a-long-enough-secret-for-production-0 | ingest,decide       | No API key has the admin scope
            """)
    void theProdProfileRefusesToStartAndSaysWhy(String what, String key, String scopes, String reason)
            throws Exception {
        freshDatabase(); // the bootstrap key is stored once: an earlier run's would count
        Script.Run run = Script.run(
                Map.of(
                        "TAILOR_BOOTSTRAP_KEY",
                        key,
                        "TAILOR_SECURITY_BOOTSTRAP_SCOPES",
                        scopes,
                        "TAILOR_DB_NAME",
                        DATABASE,
                        "TAILOR_PORT",
                        "0",
                        "JAVA_OPTS",
                        ISOLATED),
                LIMIT,
                "scripts/run.sh");

        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("Tailor refuses to start").contains(reason);
    }

    private static void freshDatabase() throws Exception {
        for (String sql : new String[] {"drop database if exists " + DATABASE, "create database " + DATABASE}) {
            Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(psql.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(psql.exitValue()).as(output).isZero();
        }
    }
}
