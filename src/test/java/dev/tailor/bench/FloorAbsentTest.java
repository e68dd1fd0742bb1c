package dev.tailor.bench;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Outside benchmarks the floor does not exist: its path answers 404 where a decision answers 200. */
@QuarkusTest
class FloorAbsentTest {

    @Test
    void theFloorIsAbsentByDefault() {
        given().get("/v1/floor/{id}", "floor-" + UUID.randomUUID()).then().statusCode(404);
        given().get("/v1/decisions/{id}", "floor-" + UUID.randomUUID()).then().statusCode(200);
    }
}
