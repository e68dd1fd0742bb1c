package dev.tailor.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** facts.yaml: what it declares and how it refuses what it cannot keep. */
class FactSchemaTest {

    private static FactSchema parse(String yaml) {
        return FactSchema.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void declarationsAreRead() {
        FactSchema schema = parse("""
                events:
                  Product Viewed: {window: 30d, by: [category, brand]}
                  Order Completed: {window: 400d, sum: revenue}
                  Unsubscribed: {}
                  Page Viewed:
                """);
        assertThat(schema.events())
                .containsOnlyKeys("Product Viewed", "Order Completed", "Unsubscribed", "Page Viewed");
        assertThat(schema.event("Product Viewed").orElseThrow().window()).isEqualTo(Duration.ofDays(30));
        assertThat(schema.event("Product Viewed").orElseThrow().groupBy()).containsExactly("category", "brand");
        assertThat(schema.event("Order Completed").orElseThrow().sums()).containsExactly("revenue");
        assertThat(schema.event("Unsubscribed").orElseThrow().windowed()).isFalse();
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> parse("""
                events:
                  Too Long: {window: 401d}
                  Too Short: {window: 30m}
                  No Window: {sum: [revenue]}
                  Odd: 7
                """))
                .isInstanceOfSatisfying(
                        FactSchemaException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "events.Too Long.window: must be between 1h and 400d",
                                        "events.Too Short.window: '30m' is not a window like 24h or 30d",
                                        "events.No Window: 'by' and 'sum' need a window",
                                        "events.Odd: must be a mapping such as {window: 30d}"));
    }

    @Test
    void aFileWithoutEventsIsRefused() {
        assertThatThrownBy(() -> parse("facts: []"))
                .isInstanceOf(FactSchemaException.class)
                .hasMessageContaining("events:");
    }

    @Test
    void namesThatWouldShareAFieldOfTheFactsHashAreRefused() {
        // Found by trying names: their digests start alike, so their short codes in the hash are one.
        assertThat(FieldNames.eventCode("Event 806")).isEqualTo(FieldNames.eventCode("Event 978"));
        assertThat(FieldNames.propertyCode("prop48")).isEqualTo(FieldNames.propertyCode("prop52"));
        assertThatThrownBy(() -> parse("""
                events:
                  Event 806: {}
                  Event 978: {window: 7d, by: [prop48, prop52]}
                """))
                .isInstanceOfSatisfying(
                        FactSchemaException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "events.Event 978: is stored under the same code as \"Event 806\"; rename one of them",
                                        "events.Event 978: properties prop48 and prop52 are stored under the same code; rename one"
                                                + " of them"));
    }

    @Test
    void theQuickCheckOfEveryFactReadAgreesWithTheCheckThatExplains() {
        FactSchema schema = parse("""
                events:
                  Order Completed: {window: 90d, by: [category], sum: [revenue]}
                  Signed Up: {}
                """);
        Duration month = Duration.ofDays(30);
        assertThat(schema.allows("Order Completed", null, month)).isTrue();
        assertThat(schema.allows("Order Completed", "category", month)).isTrue();
        assertThat(schema.allowsSum("Order Completed", "revenue", month)).isTrue();

        assertThat(schema.allows("Order Completed", null, Duration.ofDays(91))).isFalse();
        assertThatThrownBy(() -> schema.requireWindow(() -> "count", "Order Completed", Duration.ofDays(91)))
                .isInstanceOf(UndeclaredFactException.class);
        assertThat(schema.allows("Order Completed", null, Duration.ofMinutes(30)))
                .isFalse();
        assertThatThrownBy(() -> schema.requireWindow(() -> "count", "Order Completed", Duration.ofMinutes(30)))
                .isInstanceOf(UndeclaredFactException.class);
        assertThat(schema.allows("Order Completed", "coupon", month)).isFalse();
        assertThatThrownBy(() -> schema.requireGroup(() -> "count", "Order Completed", "coupon", month))
                .isInstanceOf(UndeclaredFactException.class);
        assertThat(schema.allowsSum("Order Completed", "discount", month)).isFalse();
        assertThatThrownBy(() -> schema.requireSum(() -> "sum", "Order Completed", "discount", month))
                .isInstanceOf(UndeclaredFactException.class);
        assertThat(schema.allows("Signed Up", null, month))
                .as("no time buckets kept")
                .isFalse();
        assertThat(schema.allows("Page Viewed", null, month)).as("not declared").isFalse();
    }
}
