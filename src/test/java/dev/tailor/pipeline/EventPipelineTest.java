package dev.tailor.pipeline;

import static dev.tailor.testing.TopicReader.DEAD_LETTERS;
import static dev.tailor.testing.TopicReader.EVENTS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.testing.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** HTTP ingest through the real Kafka into the real Redis: at-least-once delivery, exactly-once counting. */
@QuarkusTest
class EventPipelineTest {

    @Inject
    FactsStore facts;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private Customer factsOf(String customerId) {
        return facts.read(customerId, Instant.now()).await().atMost(Duration.ofSeconds(5));
    }

    private static void track(String userId, String event, String messageId) {
        given().contentType(ContentType.JSON)
                .body(Map.of("userId", userId, "event", event, "messageId", messageId))
                .post("/v1/track")
                .then()
                .statusCode(200);
    }

    @Test
    void aRedeliveredMessageIdIsCountedOnce() {
        String customer = "pipeline-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        track(customer, "Product Added", messageId);
        track(customer, "Product Added", messageId);
        // Same customer, same partition, in order: once this one is applied, so are both copies above.
        track(customer, "Page Viewed", UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(30)).until(() -> factsOf(customer).countEver("Page Viewed") == 1);
        assertThat(factsOf(customer).countEver("Product Added")).isEqualTo(1);
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheChannelKeepsRunning() {
        String customer = "pipeline-" + UUID.randomUUID();
        String poison = "not a tailor event " + UUID.randomUUID();
        try (TopicReader deadLetters = new TopicReader(bootstrap, DEAD_LETTERS);
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        "bootstrap.servers", bootstrap,
                        "key.serializer", StringSerializer.class.getName(),
                        "value.serializer", StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(EVENTS, customer, poison));
            producer.flush();
            track(customer, "Product Viewed", UUID.randomUUID().toString());

            await().atMost(Duration.ofSeconds(30)).until(() -> factsOf(customer).countEver("Product Viewed") == 1);
            ConsumerRecord<String, String> dead = deadLetters
                    .awaitMatching(record -> poison.equals(record.value()), 1)
                    .get(0);
            assertThat(dead.key()).isEqualTo(customer);
            assertThat(dead.headers().lastHeader("dead-letter-reason")).isNotNull();
        }
    }

    @Test
    void anUnreadableRecordInABatchGoesAloneToTheDeadLetterTopicAndTheOthersAreApplied() throws Exception {
        String customer = "pipeline-" + UUID.randomUUID();
        String poison = "{\"type\":\"track\",\"customerId\":\"" + customer + "\"}";
        List<String> good = List.of(
                event(customer, "Product Viewed"), event(customer, "Product Added"), event(customer, "Product Viewed"));
        try (TopicReader deadLetters = new TopicReader(bootstrap, DEAD_LETTERS);
                KafkaProducer<String, String> producer = producer()) {
            // Sent together, keyed alike: one partition, polled together.
            producer.send(new ProducerRecord<>(EVENTS, customer, good.get(0)));
            producer.send(new ProducerRecord<>(EVENTS, customer, poison));
            producer.send(new ProducerRecord<>(EVENTS, customer, good.get(1)));
            producer.send(new ProducerRecord<>(EVENTS, customer, good.get(2)));
            producer.flush();

            await().atMost(Duration.ofSeconds(30)).until(() -> factsOf(customer).getVersion() == 3);
            assertThat(factsOf(customer).countEver("Product Viewed")).isEqualTo(2);
            assertThat(factsOf(customer).countEver("Product Added")).isEqualTo(1);
            deadLetters.awaitMatching(record -> poison.equals(record.value()), 1);
            // Give a wrongly dead-lettered neighbour time to show up, then look at everything of this customer.
            assertThat(deadLetters.within(Duration.ofSeconds(2), TopicReader.keyedBy(customer)))
                    .extracting(ConsumerRecord::value)
                    .containsExactly(poison);
        }
    }

    @Test
    void copiesOfAnEventInOneBatchAreCountedOnce() throws Exception {
        String customer = "pipeline-" + UUID.randomUUID();
        String added = event(customer, "Product Added");
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(EVENTS, customer, added));
            }
            producer.send(new ProducerRecord<>(EVENTS, customer, event(customer, "Page Viewed")));
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> factsOf(customer).countEver("Page Viewed") == 1);
        assertThat(factsOf(customer).countEver("Product Added")).isEqualTo(1);
        assertThat(factsOf(customer).getVersion()).isEqualTo(2);
    }

    /** An event as ingest writes it to the log. */
    private String event(String customer, String name) throws Exception {
        return json.writeValueAsString(new CustomerEvent(
                "track",
                UUID.randomUUID().toString(),
                customer,
                customer,
                null,
                null,
                name,
                Map.of(),
                null,
                Instant.now(),
                Instant.now()));
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                "bootstrap.servers",
                bootstrap,
                "key.serializer",
                StringSerializer.class.getName(),
                "value.serializer",
                StringSerializer.class.getName()));
    }
}
