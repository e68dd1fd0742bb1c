package dev.tailor.bench;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.events.CustomerEvent;
import dev.tailor.ingest.EventPublisher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bulk import rate: 50,000 event rows of CSV from upload to the last batch acknowledged by Kafka, next to a floor
 * measured in the same run: the same number of ready-made events published in the same batches of 500, without
 * reading, checking or recording anything.
 */
@QuarkusTest
@Tag("bench")
class ImportBench {

    private static final int ROWS = 50_000;
    private static final int CUSTOMERS = 5_000;
    private static final int BATCH = 500;

    @Inject
    EventPublisher publisher;

    @Test
    void eventRowsPerSecond() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(Duration.ofDays(60));
        StringBuilder csv = new StringBuilder("user_id,event,timestamp,category,price\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("import-bench-")
                    .append(run)
                    .append('-')
                    .append(i % CUSTOMERS)
                    .append(",Product Viewed,")
                    .append(start.plusSeconds(i * 60L))
                    .append(",cat-")
                    .append(i % 7)
                    .append(',')
                    .append(10 + i % 90)
                    .append(".5\n");
        }
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);

        long t0 = System.nanoTime();
        long id = given().queryParam("kind", "events")
                .queryParam("source", "bench-" + run)
                .contentType("text/csv")
                .body(body)
                .post("/admin/imports")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !List.of("QUEUED", "RUNNING")
                        .contains(given().get("/admin/imports/" + id)
                                .then()
                                .extract()
                                .path("status")));
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        JsonPath report = given().get("/admin/imports/" + id).then().extract().jsonPath();
        assertThat(report.getString("status")).isEqualTo("DONE");
        assertThat(report.getLong("imported")).isEqualTo(ROWS);

        List<CustomerEvent> events = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            String customer = "import-floor-" + run + "-" + (i % CUSTOMERS);
            events.add(new CustomerEvent(
                    "track",
                    UUID.randomUUID().toString(),
                    customer,
                    customer,
                    null,
                    null,
                    "Product Viewed",
                    Map.of("category", "cat-" + (i % 7), "price", 10.5 + i % 90),
                    Map.of(),
                    start.plusSeconds(i * 60L),
                    Instant.now()));
        }
        long t1 = System.nanoTime();
        for (int from = 0; from < ROWS; from += BATCH) {
            publisher
                    .publish(events.subList(from, Math.min(ROWS, from + BATCH)))
                    .await()
                    .atMost(Duration.ofMinutes(1));
        }
        double floorSeconds = (System.nanoTime() - t1) / 1e9;

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", ROWS);
        figures.put("fileBytes", body.length);
        figures.put("importSeconds", round(importSeconds));
        figures.put("importRowsPerSecond", Math.round(ROWS / importSeconds));
        figures.put("floorPublishSeconds", round(floorSeconds));
        figures.put("floorEventsPerSecond", Math.round(ROWS / floorSeconds));
        figures.put("importToFloorRatio", round(floorSeconds / importSeconds));
        figures.put("batch", BATCH);
        BenchResults.write("import", figures);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
