package dev.tailor.shared.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.shared.redis.RedisProbe;
import dev.tailor.testing.OnRedisCluster;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tailor on a Redis Cluster answers ready, Redis's check among the others, and its own probe finds Redis there. */
@QuarkusTest
@TestProfile(OnRedisCluster.class)
class RedisClusterHealthTest {

    @Inject
    RedisProbe probe;

    @Test
    void readyOnACluster() {
        assertThat(probe.answers().await().atMost(Duration.ofSeconds(5))).isTrue();
        // Ready once the events consumers have their partitions, some seconds after the start.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        assertThat(given().get("/q/health/ready")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("Redis")
                .contains("\"status\": \"UP\"");
    }
}
