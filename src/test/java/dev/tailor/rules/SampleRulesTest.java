package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample rule set in rules/marketing, run on prepared facts. */
@QuarkusTest
class SampleRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:30:00Z");

    @Inject
    RuleCompiler compiler;

    @Inject
    RuleEngine engine;

    private CompiledRuleSet rules;

    @BeforeEach
    void compileSampleRules() {
        rules = compiler.compile(RuleSetSource.fromDirectory(Path.of("rules", "marketing")));
    }

    private List<String> segments(CustomerBuilder customer) {
        return engine.evaluate(rules, customer.build()).segments().stream().map(Segment::getName).toList();
    }

    @Test
    void cartAddedWithinADayWithoutAnOrderIsACartAbandoner() {
        assertThat(segments(CustomerBuilder.at(NOW).did("Product Added", Duration.ofHours(2))))
                .containsExactly("cart_abandoner");
    }

    @Test
    void cartAddedMoreThanADayAgoIsNoLongerACartAbandoner() {
        assertThat(segments(CustomerBuilder.at(NOW).did("Product Added", Duration.ofHours(25)))).isEmpty();
    }

    @Test
    void anOrderInTheLastThirtyDaysMeansNoCartAbandonment() {
        assertThat(segments(CustomerBuilder.at(NOW)
                .did("Product Added", Duration.ofHours(2))
                .did("Order Completed", Duration.ofDays(10))))
                .containsExactly("recent_purchaser");
    }

    @Test
    void recentPurchaserExcludesCartAbandonerEvenWhenTheCartRuleMatches() {
        // Ordered 40 days ago: the cart rule matches (no order in 30 days), the 90-day purchaser rule too.
        assertThat(segments(CustomerBuilder.at(NOW)
                .did("Product Added", Duration.ofHours(2))
                .did("Order Completed", Duration.ofDays(40))))
                .containsExactly("recent_purchaser");
    }

    @Test
    void threeViewsWithinSevenDaysMakeARecentBrowser() {
        assertThat(segments(CustomerBuilder.at(NOW)
                .did("Product Viewed", Duration.ofHours(1))
                .did("Product Viewed", Duration.ofDays(3))
                .did("Product Viewed", Duration.ofDays(6))))
                .containsExactly("recent_browser");
    }

    @Test
    void viewsOlderThanSevenDaysDoNotCount() {
        assertThat(segments(CustomerBuilder.at(NOW)
                .did("Product Viewed", Duration.ofHours(1))
                .did("Product Viewed", Duration.ofDays(3))
                .did("Product Viewed", Duration.ofDays(7).plusHours(2))))
                .isEmpty();
    }

    @Test
    void unsubscribedSuppressesEveryMarketingSegment() {
        assertThat(segments(CustomerBuilder.at(NOW)
                .trait("unsubscribed", true)
                .did("Product Added", Duration.ofHours(2))
                .did("Product Viewed", Duration.ofHours(1))
                .did("Product Viewed", Duration.ofHours(2))
                .did("Product Viewed", Duration.ofHours(3))))
                .containsExactly("unsubscribed");
        assertThat(segments(CustomerBuilder.at(NOW)
                .did("Unsubscribed", Duration.ofDays(100))
                .did("Product Added", Duration.ofHours(2))))
                .containsExactly("unsubscribed");
    }

    @Test
    void loyaltyTierComesFromTheTraitWithADefault() {
        assertThat(engine.evaluate(rules, CustomerBuilder.at(NOW).build()).variables())
                .containsEntry("loyalty_tier", "standard");
        assertThat(engine.evaluate(rules, CustomerBuilder.at(NOW).trait("loyalty_tier", "gold").build()).variables())
                .containsEntry("loyalty_tier", "gold");
    }

    @Test
    void aCompileErrorNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path ruleSet = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(ruleSet.resolve("bad.drl"), """
                package tailor.broken;
                import dev.tailor.facts.Customer;

                rule "Broken"
                when
                    Customer( noSuchMethod("x") > )
                then
                end
                """);
        assertThatThrownBy(() -> compiler.compile(RuleSetSource.fromDirectory(ruleSet)))
                .isInstanceOfSatisfying(RuleCompilationException.class, e -> {
                    assertThat(e.messages()).isNotEmpty();
                    assertThat(e.messages().get(0).file()).isEqualTo("bad.drl");
                    assertThat(e.messages().get(0).line()).isPositive();
                });
    }

    @Test
    void aDecisionTableDroolsWouldSkipIsRefused(@TempDir Path dir) throws Exception {
        Path ruleSet = Files.createDirectories(dir.resolve("tables"));
        Files.writeString(ruleSet.resolve("offers.csv"), "RuleSet,tailor.tables\n");
        assertThatThrownBy(() -> RuleSetSource.fromDirectory(ruleSet))
                .isInstanceOf(RuleCompilationException.class)
                .hasMessageContaining("offers.csv")
                .hasMessageContaining("*.drl.csv");
    }

    @Test
    void theSameContentHasTheSameHash() {
        RuleSetSource source = RuleSetSource.fromDirectory(Path.of("rules", "marketing"));
        assertThat(RuleSetSource.fromDirectory(Path.of("rules", "marketing")).sha256()).isEqualTo(source.sha256());
        assertThat(rules.sha256()).isEqualTo(source.sha256());
    }
}
