package dev.tailor.rules.admin;

import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleMessage;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.admin.RuleSetViews.ScenarioOutcome;
import dev.tailor.rules.admin.RuleSetViews.ValidationReport;
import dev.tailor.rules.scenarios.Scenario;
import dev.tailor.rules.scenarios.ScenarioFiles;
import dev.tailor.rules.scenarios.ScenarioResult;
import dev.tailor.rules.scenarios.ScenarioRunner;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a rule set as CI and the admin API do: compiles it (declared facts checked; a
 * {@link dev.tailor.rules.RuleCompilationException} names every error), then runs its scenarios. Blocking.
 */
@ApplicationScoped
public class RuleSetValidator {

    private final RuleCompiler compiler;
    private final ScenarioRunner scenarios;

    public RuleSetValidator(RuleCompiler compiler, ScenarioRunner scenarios) {
        this.compiler = compiler;
        this.scenarios = scenarios;
    }

    /** Validates the rule set among {@code files} (its folder's content by relative path, tests/ included). */
    public ValidationReport validate(String name, Map<String, byte[]> files) {
        RuleSetSource source = RuleSetSource.fromFiles(name, files);
        CompiledRuleSet rules = compiler.compile(source);
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        for (Scenario scenario : ScenarioFiles.parse(RuleSetSource.scenarioFiles(files))) {
            ScenarioResult result = scenarios.run(rules, scenario);
            outcomes.add(new ScenarioOutcome(result.file(), result.name(), result.passed(), result.failures()));
        }
        List<RuleMessage> warnings = List.of();
        return new ValidationReport(name, source.sha256(), outcomes.stream().allMatch(ScenarioOutcome::passed),
                outcomes, warnings);
    }
}
