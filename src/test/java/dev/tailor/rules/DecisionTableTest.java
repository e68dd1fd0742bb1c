package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.rules.scenarios.Scenario;
import dev.tailor.rules.scenarios.Scenario.Expectation;
import dev.tailor.rules.scenarios.Scenario.ScenarioEvent;
import dev.tailor.rules.scenarios.ScenarioResult;
import dev.tailor.rules.scenarios.ScenarioRunner;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spreadsheet decision tables use the same fact API and the same declared-facts check as DRL. */
@QuarkusTest
class DecisionTableTest {

    private static final String FACTS = "events:\n  Product Viewed: {window: 30d, by: [category]}\n";

    @Inject
    RuleCompiler compiler;

    @Inject
    ScenarioRunner runner;

    private static String table(String condition) {
        return String.join(
                "\n",
                "RuleSet,tailor.tables",
                "Import,\"dev.tailor.facts.Customer, dev.tailor.facts.Window, dev.tailor.rules.Segment\"",
                "RuleTable Browsing",
                "NAME,CONDITION,ACTION",
                ",Customer,",
                "," + condition + ",\"insert(Segment.marketing(\"\"$param\"\"));\"",
                "Rule,Views in 7 days at least,Segment",
                "LightBrowser,1,light_browser",
                "HeavyBrowser,3,heavy_browser",
                "");
    }

    private static ScenarioEvent view(String at) {
        return new ScenarioEvent(null, "Product Viewed", null, null, at, null, null, null);
    }

    @Test
    void aTableRowPerSegmentRunsOverTheFactApi(@TempDir Path dir) throws Exception {
        Path ruleSet = Files.createDirectories(dir.resolve("tables"));
        Files.writeString(ruleSet.resolve("facts.yaml"), FACTS);
        Files.writeString(
                ruleSet.resolve("browsing.drl.csv"),
                table("\"count(\"\"Product Viewed\"\", Window.days(7)) >= $param\""));
        CompiledRuleSet rules = compiler.compile(RuleSetSource.fromDirectory(ruleSet));

        Instant now = Instant.parse("2026-06-15T12:30:00Z");
        ScenarioResult two = runner.run(
                rules,
                new Scenario(
                        "inline",
                        "two views",
                        now,
                        List.of(view("-1h"), view("-2d")),
                        List.of(new Expectation("0", List.of("light_browser"), null, null)),
                        null));
        ScenarioResult three = runner.run(
                rules,
                new Scenario(
                        "inline",
                        "three views",
                        now,
                        List.of(view("-1h"), view("-2d"), view("-3d")),
                        List.of(new Expectation("0", List.of("heavy_browser", "light_browser"), null, null)),
                        null));

        assertThat(two.failures()).isEmpty();
        assertThat(three.failures()).isEmpty();
    }

    @Test
    void anUndeclaredFactInATableIsReportedOnceAtTheCodeCellAllRowsShare(@TempDir Path dir) throws Exception {
        Path ruleSet = Files.createDirectories(dir.resolve("tables"));
        Files.writeString(ruleSet.resolve("facts.yaml"), FACTS);
        Files.writeString(
                ruleSet.resolve("browsing.drl.csv"),
                table("\"count(\"\"Product Viewed\"\", Window.days(60)) >= $param\""));

        assertThatThrownBy(() -> compiler.compile(RuleSetSource.fromDirectory(ruleSet)))
                .isInstanceOfSatisfying(RuleCompilationException.class, e -> {
                    // Both rows ask for 60 days, but the window is written once, in the condition's code cell B6.
                    assertThat(e.messages()).hasSize(1);
                    assertThat(e.messages().get(0).file()).isEqualTo("browsing.drl.csv");
                    assertThat(e.messages())
                            .extracting(RuleMessage::line, RuleMessage::column)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple(6, 2));
                    assertThat(e.messages().get(0).text())
                            .startsWith("cell B6: ")
                            .contains("up to 30d, not 60d");
                });
    }
}
