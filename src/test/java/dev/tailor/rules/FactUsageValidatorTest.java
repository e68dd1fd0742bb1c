package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.facts.FactSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules may only ask for declared facts; the check names file, line and column. */
class FactUsageValidatorTest {

    private static final FactSchema SCHEMA = FactSchema.parse("""
            events:
              Product Viewed: {window: 30d, by: [category]}
              Order Completed: {window: 400d, sum: [revenue]}
              Unsubscribed: {}
            """.getBytes(StandardCharsets.UTF_8));

    private static List<RuleMessage> check(String drl) {
        return FactUsageValidator.check("rules.drl", drl, SCHEMA);
    }

    @Test
    void declaredFactsPass() {
        assertThat(check("""
                rule "Fine"
                when
                    Customer( count("Product Viewed", days(30)) > 1,
                              count("Product Viewed", "category", "shoes", days(7)) > 0,
                              sum("Order Completed", "revenue", days(365)) > 100,
                              average("Order Completed", "revenue", days(90)) > 10,
                              countEver("Unsubscribed") == 0, did("Order Completed", hours(24)) )
                then
                end
                """)).isEmpty();
    }

    @Test
    void anUndeclaredEventIsReportedWhereItIsAskedFor() {
        List<RuleMessage> problems = check("""
                rule "Typo"
                when
                    Customer( count("Product Viewd", days(7)) >= 3 )
                then
                end
                """);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString())
                .isEqualTo(
                        "rules.drl:3:15: count(\"Product Viewd\", days(7)): event \"Product Viewd\" is not declared in facts.yaml");
    }

    @Test
    void windowsGroupsAndSumsMustBeDeclaredToo() {
        List<RuleMessage> problems = check("""
                rule "TooMuch"
                when
                    Customer( count("Product Viewed", days(60)) > 0 )
                    Customer( count("Product Viewed", "brand", "acme", days(7)) > 0 )
                    Customer( sum("Order Completed", "tax", days(30)) > 0 )
                    Customer( count("Unsubscribed", days(1)) > 0 )
                then
                end
                """);
        assertThat(problems).extracting(RuleMessage::line).containsExactly(3, 4, 5, 6);
        assertThat(problems)
                .extracting(RuleMessage::text)
                .containsExactly(
                        "count(\"Product Viewed\", days(60)): facts.yaml keeps windows of \"Product Viewed\" up to 30d, not 60d",
                        "count(\"Product Viewed\", \"brand\", \"acme\", days(7)): facts.yaml does not group \"Product Viewed\" by brand",
                        "sum(\"Order Completed\", \"tax\", days(30)): facts.yaml does not sum tax of \"Order Completed\"",
                        "count(\"Unsubscribed\", days(1)): facts.yaml keeps windows of \"Unsubscribed\" for no time, not 1d");
    }

    @Test
    void commentsAndAccumulateFunctionsAreNotFactCalls() {
        assertThat(check("""
                // count("Nothing", days(7)) in a comment
                /* did("Nothing", hours(1)) */
                rule "Accumulates"
                when
                    $n : Number() from accumulate( $s : String(), count($s) )
                then
                end
                """)).isEmpty();
    }
}
