package dev.tailor.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.events.CustomerEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventUpgraderTest {

    private final EventUpgrader upgrader = new EventUpgrader(Map.of("Order Completed", Map.of("total", "revenue")));

    private static CustomerEvent order(Integer schemaVersion, Map<String, Object> properties) {
        return new CustomerEvent(
                "track",
                "m-1",
                "c-1",
                "c-1",
                null,
                null,
                "Order Completed",
                properties,
                Map.of(),
                Instant.EPOCH,
                Instant.EPOCH,
                schemaVersion,
                null,
                Map.of("context", Map.of("ip", "1.2.3.4")));
    }

    @Test
    void aRenamedPropertyTakesItsNewNameAndTheRecordTheCurrentFormat() {
        CustomerEvent upgraded = upgrader.upgrade(order(null, Map.of("total", 40, "sku", "A")));

        assertThat(upgraded.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("revenue", 40, "sku", "A"));
        assertThat(upgraded.schemaVersion()).isEqualTo(CustomerEvent.SCHEMA_VERSION);
        assertThat(upgraded.extra()).containsKey("context");
        assertThat(upgraded.messageId()).isEqualTo("m-1");
    }

    @Test
    void anEventCarryingBothNamesKeepsBothAndTheNewOneCounts() {
        CustomerEvent upgraded = upgrader.upgrade(order(2, Map.of("total", 40, "revenue", 45)));

        assertThat(upgraded.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("revenue", 45, "total", 40));
    }

    @Test
    void otherEventsAndCurrentRecordsPassUnchanged() {
        CustomerEvent current = order(CustomerEvent.SCHEMA_VERSION, Map.of("revenue", 10));
        CustomerEvent other = new CustomerEvent(
                "track",
                "m-2",
                "c-1",
                "c-1",
                null,
                null,
                "Refund Issued",
                Map.of("total", 5),
                Map.of(),
                Instant.EPOCH,
                Instant.EPOCH);

        assertThat(upgrader.upgrade(current)).isSameAs(current);
        assertThat(upgrader.upgrade(other)).isSameAs(other);
    }

    @Test
    void namesReadBothWays() {
        assertThat(upgrader.currentName("Order Completed", "total")).isEqualTo("revenue");
        assertThat(upgrader.currentName("Order Completed", "sku")).isEqualTo("sku");
        assertThat(upgrader.currentName("Refund Issued", "total")).isEqualTo("total");
        assertThat(upgrader.formerNames("Order Completed", "revenue")).containsExactly("total");
        assertThat(upgrader.renames("Order Completed")).isTrue();
        assertThat(upgrader.renames("Refund Issued")).isFalse();
    }
}
