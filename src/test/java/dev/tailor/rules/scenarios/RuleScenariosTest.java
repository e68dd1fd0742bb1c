package dev.tailor.rules.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleSetSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every scenario under rules/<set>/tests, run against its rule set over the real Redis. */
@QuarkusTest
class RuleScenariosTest {

    private static final Path RULES = Path.of("rules");

    @Inject
    RuleCompiler compiler;

    @Inject
    ScenarioRunner runner;

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        List<Path> ruleSets;
        try (Stream<Path> dirs = Files.list(RULES)) {
            ruleSets = dirs.filter(Files::isDirectory).sorted().toList();
        }
        return ruleSets.stream().flatMap(dir -> {
            CompiledRuleSet rules = compiler.compile(RuleSetSource.fromDirectory(dir));
            return ScenarioFiles.read(dir).stream()
                    .map(scenario -> DynamicTest.dynamicTest(
                            dir.getFileName() + "/" + scenario.file() + ": " + scenario.name(), () -> {
                                ScenarioResult result = runner.run(rules, scenario);
                                assertThat(result.failures())
                                        .as(scenario.name())
                                        .isEmpty();
                            }));
        });
    }

    @Test
    void theSampleRuleSetHasAtLeastThirtyScenarios() {
        assertThat(ScenarioFiles.read(RULES.resolve("marketing"))).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void aFailingScenarioSaysWhatWasExpectedAndWhatCame() throws IOException {
        Path dir = Files.createTempDirectory("scenario-set");
        Files.createDirectories(dir.resolve("tests"));
        Files.copy(RULES.resolve("marketing").resolve("facts.yaml"), dir.resolve("facts.yaml"));
        Files.copy(RULES.resolve("marketing").resolve("segments.drl"), dir.resolve("segments.drl"));
        Files.writeString(dir.resolve("tests").resolve("wrong.yaml"), """
                name: expects the wrong thing
                events:
                  - {at: -2h, event: Product Added}
                expect:
                  - segments: [recent_browser]
                nextChange: never
                """);
        CompiledRuleSet rules = compiler.compile(RuleSetSource.fromDirectory(dir));

        ScenarioResult result = runner.run(rules, ScenarioFiles.read(dir).get(0));

        assertThat(result.passed()).isFalse();
        assertThat(result.failures())
                .containsExactly(
                        "at 0: segments expected [recent_browser] but were [cart_abandoner]",
                        "next change expected never but was +22h");
    }
}
