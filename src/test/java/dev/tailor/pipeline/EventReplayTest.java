package dev.tailor.pipeline;

import static dev.tailor.testing.SegmentCalls.call;
import static dev.tailor.testing.SegmentCalls.identify;
import static dev.tailor.testing.SegmentCalls.postBatch;
import static dev.tailor.testing.SegmentCalls.track;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tailor.facts.FactsStore;
import dev.tailor.facts.FieldNames;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cache warm-up: facts rebuilt from the real Kafka log equal the facts the live consumer made. */
@QuarkusTest
class EventReplayTest {

    @Inject
    EventReplay replay;

    @Inject
    RedisDataSource redis;

    private Map<String, String> facts(String customer) {
        return redis.hash(String.class).hgetall(FactsStore.factsKey(customer));
    }

    private static void send(String customer, String messageId) {
        postBatch(
                identify(customer, Map.of("loyalty_tier", "gold")),
                track(
                        customer,
                        "Product Viewed",
                        "messageId",
                        messageId,
                        "properties",
                        Map.of("category", "shoes"),
                        "timestamp",
                        Instant.now().minus(Duration.ofDays(3)).toString()),
                track(customer, "Product Viewed", "messageId", messageId),
                track(
                        customer,
                        "Order Completed",
                        "properties",
                        Map.of("revenue", 42.5),
                        "timestamp",
                        Instant.now().minus(Duration.ofDays(40)).toString()),
                call("page", customer));
    }

    /**
     * The customer's hash without its recorded decisions ("d:" and "dp:" fields): those are written apart from the
     * facts, when the customer is re-decided after its events, and a replay keeps them.
     */
    private Map<String, String> factsAlone(String customerId) {
        Map<String, String> alone = new TreeMap<>(facts(customerId));
        alone.keySet().removeIf(field -> field.startsWith("d:") || field.startsWith("dp:"));
        return alone;
    }

    @Test
    void rebuiltFactsEqualTheLiveOnesAndOthersAreLeftAlone() {
        String first = "replay-" + UUID.randomUUID();
        String second = "replay-" + UUID.randomUUID();
        String bystander = "replay-" + UUID.randomUUID();
        send(first, UUID.randomUUID().toString());
        send(second, UUID.randomUUID().toString());
        send(bystander, UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "4".equals(facts(first).get("v"))
                        && "4".equals(facts(second).get("v"))
                        && "4".equals(facts(bystander).get("v")));
        Map<String, String> liveFirst = factsAlone(first);
        Map<String, String> liveSecond = factsAlone(second);
        Map<String, String> liveBystander = factsAlone(bystander);
        assertThat(liveFirst.get(FieldNames.series("Product Viewed"))).startsWith("1:");

        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        EventReplay.Summary summary =
                replay.replay(Set.of(first, second), new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(factsAlone(first)).isEqualTo(liveFirst);
        assertThat(factsAlone(second)).isEqualTo(liveSecond);
        assertThat(factsAlone(bystander)).isEqualTo(liveBystander);
        assertThat(summary.applied()).isEqualTo(8);
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("replay: ")
                .contains("events/s");
    }
}
