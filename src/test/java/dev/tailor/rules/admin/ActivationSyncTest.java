package dev.tailor.rules.admin;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.tailor.rules.RuleSetArchive;
import dev.tailor.rules.revisions.RuleSetActivation;
import dev.tailor.rules.revisions.RuleSetActivationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An activation made on another node reaches this one: at once through the Redis announcement, and through the
 * periodic reconciliation with PostgreSQL's activation log when the announcement was missed.
 */
@QuarkusTest
class ActivationSyncTest {

    @Inject
    RuleSetActivationRepository activations;

    @Inject
    RedisDataSource redis;

    private static long upload(String name, String segment) {
        byte[] zip = RuleSetArchive.zip(Map.of(
                "facts.yaml",
                "events:\n  Page Viewed: {window: 7d}\n".getBytes(StandardCharsets.UTF_8),
                "rules.drl",
                """
                        package tailor.sync;
                        import dev.tailor.rules.Segment;
                        import dev.tailor.facts.Customer;
                        rule "Everyone" when Customer() then insert(Segment.marketing("%s")); end
                        """.formatted(segment).getBytes(StandardCharsets.UTF_8)));
        return given().contentType("application/zip")
                .body(zip)
                .post("/admin/rule-sets/{name}/revisions", name)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static long servedRevision(String name) {
        return given().queryParam("ruleSet", name)
                .get("/v1/decisions/{id}", "sync-" + UUID.randomUUID())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("ruleSet.revision");
    }

    /** What another node's activation leaves behind: a row in the activation log, and nothing on this node. */
    private void activatedElsewhere(String name, long revision, long previous) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> activations.persist(
                new RuleSetActivation(name, revision, previous, "other-node", "test", Instant.now()))));
    }

    @Test
    void anAnnouncedActivationIsFollowedAtOnce() throws Throwable {
        String name = "sync_" + UUID.randomUUID().toString().substring(0, 8);
        long v1 = upload(name, "first");
        long v2 = upload(name, "second");
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", v1))
                .post("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(201);

        activatedElsewhere(name, v2, v1);
        redis.pubsub(String.class).publish("tailor:rule-sets:activated", name + ":" + v2);

        await().atMost(Duration.ofSeconds(5)).until(() -> servedRevision(name) == v2);
    }

    @Test
    void aMissedAnnouncementIsCaughtUpFromPostgres() throws Throwable {
        String name = "sync_" + UUID.randomUUID().toString().substring(0, 8);
        long v1 = upload(name, "first");
        long v2 = upload(name, "second");
        given().contentType(ContentType.JSON)
                .body(Map.of("revision", v1))
                .post("/admin/rule-sets/{name}/activations", name)
                .then()
                .statusCode(201);

        activatedElsewhere(name, v2, v1);

        await().atMost(Duration.ofSeconds(15)).until(() -> servedRevision(name) == v2);
    }
}
