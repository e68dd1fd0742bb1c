package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.facts.Customer;
import dev.tailor.facts.UndeclaredFactException;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling rule sets: the sample set, compile errors, undeclared facts, misnamed tables. Behaviour: tests/*.yaml. */
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

    @Test
    void theSampleRuleSetDeclaresTheFactsItTracks() {
        assertThat(rules.facts().events()).containsKeys("Product Viewed", "Product Added", "Order Completed");
        assertThat(rules.facts().event("Order Completed").orElseThrow().sums()).containsExactly("revenue");
    }

    @Test
    void aRuleAskingForAnUndeclaredFactFailsWithFileAndLine(@TempDir Path dir) throws Exception {
        Path ruleSet = Files.createDirectories(dir.resolve("typo"));
        Files.writeString(ruleSet.resolve("facts.yaml"), "events:\n  Product Viewed: {window: 7d}\n");
        Files.writeString(ruleSet.resolve("typo.drl"), """
                package tailor.typo;
                import dev.tailor.facts.Customer;
                import function dev.tailor.facts.Window.days;

                rule "Typo"
                when
                    Customer( count("Product Veiwed", days(7)) >= 3 )
                then
                end
                """);
        assertThatThrownBy(() -> compiler.compile(RuleSetSource.fromDirectory(ruleSet)))
                .isInstanceOfSatisfying(
                        RuleCompilationException.class,
                        e -> assertThat(e.messages())
                                .extracting(RuleMessage::toString)
                                .containsExactly(
                                        "typo.drl:7:15: count(\"Product Veiwed\", days(7)): event \"Product Veiwed\" "
                                                + "is not declared in facts.yaml"));
    }

    @Test
    void aBadFactsFileFailsTheRuleSet(@TempDir Path dir) throws Exception {
        Path ruleSet = Files.createDirectories(dir.resolve("badfacts"));
        Files.writeString(ruleSet.resolve("facts.yaml"), "events:\n  Product Viewed: {window: 2y}\n");
        assertThatThrownBy(() -> compiler.compile(RuleSetSource.fromDirectory(ruleSet)))
                .isInstanceOfSatisfying(
                        RuleCompilationException.class,
                        e -> assertThat(e.messages().get(0).toString())
                                .isEqualTo(
                                        "facts.yaml:2:20: events.Product Viewed.window: '2y' is not a window like 24h or 30d"));
    }

    @Test
    void anUndeclaredFactAskedForAtRunTimeIsRefusedToo() {
        Customer customer = new Customer("c", 0, NOW, rules.facts(), Map.of(), Map.of(), Map.of());
        assertThatThrownBy(() -> customer.count("Never Declared", Duration.ofDays(1)))
                .isInstanceOf(UndeclaredFactException.class)
                .hasMessageContaining("\"Never Declared\" is not declared");
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
        assertThat(RuleSetSource.fromDirectory(Path.of("rules", "marketing")).sha256())
                .isEqualTo(source.sha256());
        assertThat(rules.sha256()).isEqualTo(source.sha256());
    }
}
