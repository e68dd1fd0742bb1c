package dev.tailor.rules.admin;

import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleMessage;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.admin.RuleSetViews.ScenarioOutcome;
import dev.tailor.rules.admin.RuleSetViews.ValidationReport;
import dev.tailor.rules.revisions.RuleSetContent;
import dev.tailor.rules.scenarios.Scenario;
import dev.tailor.rules.scenarios.ScenarioResult;
import dev.tailor.rules.scenarios.ScenarioRunner;
import dev.tailor.rules.tables.DecisionTableChecker;
import dev.tailor.rules.tables.TableFinding;
import dev.tailor.rules.tables.TableFinding.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates a rule set as CI and the admin API do: compiles it (declared facts checked; a
 * {@link dev.tailor.rules.RuleCompilationException} names every error), runs its scenarios and checks its
 * decision tables for rows that can never win and rows that overlap in a group. Blocking.
 */
@ApplicationScoped
public class RuleSetValidator {

    private final RuleCompiler compiler;
    private final ScenarioRunner scenarios;

    public RuleSetValidator(RuleCompiler compiler, ScenarioRunner scenarios) {
        this.compiler = compiler;
        this.scenarios = scenarios;
    }

    private static List<RuleMessage> messages(List<TableFinding> findings, Severity severity) {
        return findings.stream()
                .filter(f -> f.severity() == severity)
                .map(TableFinding::toRuleMessage)
                .toList();
    }

    /** Validates the rule set among {@code files} (its folder's content by relative path, tests/ included). */
    public ValidationReport validate(String name, Map<String, byte[]> files) {
        RuleSetContent content = RuleSetContent.of(name, files);
        RuleSetSource source = content.rules();
        CompiledRuleSet rules = compiler.compile(source);
        List<ScenarioOutcome> outcomes = new ArrayList<>();
        for (Scenario scenario : content.scenarios()) {
            ScenarioResult result = scenarios.run(rules, scenario);
            outcomes.add(new ScenarioOutcome(result.file(), result.name(), result.passed(), result.failures()));
        }
        List<TableFinding> findings = new ArrayList<>();
        source.drlTexts().forEach((path, drl) -> {
            if (RuleSetSource.isDecisionTable(path)) {
                findings.addAll(DecisionTableChecker.check(path, drl));
            }
        });
        List<RuleMessage> tableErrors = messages(findings, Severity.ERROR);
        return new ValidationReport(
                name,
                content.sha256(),
                tableErrors.isEmpty() && outcomes.stream().allMatch(ScenarioOutcome::passed),
                outcomes,
                tableErrors,
                messages(findings, Severity.WARNING));
    }
}
