package dev.tailor.rules.admin;

import dev.tailor.rules.RuleCompilationException;
import dev.tailor.rules.RuleMessage;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.admin.RuleSetViews.ScenarioOutcome;
import dev.tailor.rules.admin.RuleSetViews.ValidationReport;
import dev.tailor.rules.scenarios.ScenarioFileException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * {@code validate <rules dir> [--junit <report.xml>]}: compiles every rule set under the folder (or the folder
 * itself when it is one rule set), checks declared facts, runs the scenarios, prints compile errors as
 * {@code file:line:col: message} and failing scenarios as expected versus actual, writes a JUnit XML report and
 * answers the exit code: 0 when everything passed.
 */
@ApplicationScoped
public class ValidateCommand {

    private final RuleSetValidator validator;

    public ValidateCommand(RuleSetValidator validator) {
        this.validator = validator;
    }

    /**
     * One rule set's outcome: errors (its rule files' or, when it compiles, its scenario files'), or the validation
     * report; {@code tables} are its decision tables.
     */
    record Outcome(
            String ruleSet,
            Path folder,
            List<String> tables,
            List<RuleMessage> errors,
            ValidationReport report,
            boolean compiles) {

        boolean passed() {
            return errors.isEmpty() && report != null && report.valid();
        }
    }

    public int run(String... args) {
        PrintStream out = System.out;
        if (args.length == 0) {
            out.println("usage: validate <rules dir> [--junit <report.xml>]");
            return 2;
        }
        Path dir = Path.of(args[0]);
        Path junit = args.length >= 3 && args[1].equals("--junit")
                ? Path.of(args[2])
                : Path.of("target", "rule-validation.xml");
        List<Outcome> outcomes = new ArrayList<>();
        for (Path folder : ruleSetFolders(dir)) {
            outcomes.add(validate(folder));
        }
        if (outcomes.isEmpty()) {
            out.println(dir + ": no rule sets found");
            return 2;
        }
        for (Outcome outcome : outcomes) {
            print(out, outcome);
        }
        JUnitReport.write(junit, outcomes);
        long failed = outcomes.stream().filter(outcome -> !outcome.passed()).count();
        out.printf("%d rule set(s), %d failed; JUnit report: %s%n", outcomes.size(), failed, junit);
        return failed == 0 ? 0 : 1;
    }

    private Outcome validate(Path folder) {
        String name = folder.getFileName().toString();
        SortedMap<String, byte[]> files = RuleSetSource.folderFiles(folder);
        List<String> tables =
                files.keySet().stream().filter(RuleSetSource::isDecisionTable).toList();
        try {
            return new Outcome(name, folder, tables, List.of(), validator.validate(name, files), true);
        } catch (RuleCompilationException e) {
            return new Outcome(name, folder, tables, e.messages(), null, false);
        } catch (ScenarioFileException e) {
            return new Outcome(name, folder, tables, e.messages(), null, true);
        }
    }

    private static void print(PrintStream out, Outcome outcome) {
        for (RuleMessage error : outcome.errors()) {
            out.println(outcome.folder().resolve(error.file()) + ":" + error.line() + ":" + error.column() + ": "
                    + error.text());
        }
        if (outcome.report() == null) {
            out.printf(
                    "FAIL %s: %s (%d error(s))%n",
                    outcome.ruleSet(),
                    outcome.compiles() ? "scenario files cannot be read" : "does not compile",
                    outcome.errors().size());
            return;
        }
        // Table findings carry their severity ("error: ...", "warning: ...") in their text.
        for (RuleMessage finding :
                concat(outcome.report().tableErrors(), outcome.report().warnings())) {
            out.println(outcome.folder().resolve(finding.file()) + ":" + finding.line() + ":" + finding.column() + ": "
                    + finding.text());
        }
        List<ScenarioOutcome> scenarios = outcome.report().scenarios();
        for (ScenarioOutcome scenario : scenarios) {
            if (!scenario.passed()) {
                out.printf("FAIL %s: %s%n", outcome.folder().resolve(scenario.file()), scenario.name());
                scenario.failures().forEach(failure -> out.println("    " + failure));
            }
        }
        long passed = scenarios.stream().filter(ScenarioOutcome::passed).count();
        out.printf(
                "%s %s: compiles, %d of %d scenarios pass%n",
                outcome.passed() ? "ok  " : "FAIL", outcome.ruleSet(), passed, scenarios.size());
    }

    private static List<RuleMessage> concat(List<RuleMessage> a, List<RuleMessage> b) {
        List<RuleMessage> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The rule set folders under {@code dir}, or {@code dir} itself when it holds rule files. */
    static List<Path> ruleSetFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> all = entries.sorted().toList();
            boolean isRuleSet = all.stream()
                    .anyMatch(p -> Files.isRegularFile(p)
                            && (p.toString().endsWith(".drl")
                                    || p.getFileName().toString().equals("facts.yaml")
                                    || p.toString().contains(".drl.")));
            return isRuleSet
                    ? List.of(dir)
                    : all.stream().filter(Files::isDirectory).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JUnit XML CI servers read: one suite per rule set with a "compiles" case (declared facts included), one
     * case per decision table (its rows checked against each other; warnings in its output) and one per scenario.
     */
    static final class JUnitReport {

        private final StringBuilder xml = new StringBuilder();

        private JUnitReport() {}

        static void write(Path file, List<Outcome> outcomes) {
            JUnitReport report = new JUnitReport();
            report.xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
            outcomes.forEach(report::suite);
            report.xml.append("</testsuites>\n");
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, report.xml, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void suite(Outcome outcome) {
            ValidationReport report = outcome.report();
            List<ScenarioOutcome> scenarios = report == null ? List.of() : report.scenarios();
            String suite = "rules." + outcome.ruleSet();
            StringBuilder cases = new StringBuilder();
            int tests = 0;
            int failures = 0;
            tests++;
            failures += testCase(
                    cases,
                    suite,
                    "compiles",
                    outcome.compiles() ? null : "does not compile",
                    lines(outcome.errors()),
                    List.of());
            if (outcome.compiles() && report == null) {
                tests++;
                failures +=
                        testCase(cases, suite, "scenario files", "cannot be read", lines(outcome.errors()), List.of());
            }
            if (report != null) {
                for (String table : outcome.tables()) {
                    List<RuleMessage> errors = inFile(report.tableErrors(), table);
                    tests++;
                    failures += testCase(
                            cases,
                            suite,
                            "decision table " + table,
                            errors.isEmpty() ? null : "rows that can never fire or never win",
                            lines(errors),
                            lines(inFile(report.warnings(), table)));
                }
            }
            for (ScenarioOutcome scenario : scenarios) {
                tests++;
                failures += testCase(
                        cases,
                        suite + "." + scenario.file(),
                        scenario.name(),
                        scenario.passed() ? null : scenario.failures().get(0),
                        scenario.failures(),
                        List.of());
            }
            xml.append("  <testsuite name=\"")
                    .append(escape(suite))
                    .append("\" tests=\"")
                    .append(tests)
                    .append("\" failures=\"")
                    .append(failures)
                    .append("\">\n")
                    .append(cases)
                    .append("  </testsuite>\n");
        }

        /** Appends one test case, failed when {@code failure} is not null; answers the number of failures (0 or 1). */
        private static int testCase(
                StringBuilder cases,
                String classname,
                String name,
                String failure,
                List<String> details,
                List<String> output) {
            cases.append("    <testcase classname=\"")
                    .append(escape(classname))
                    .append("\" name=\"")
                    .append(escape(name))
                    .append('"');
            if (failure == null && output.isEmpty()) {
                cases.append("/>\n");
                return 0;
            }
            cases.append(">\n");
            if (failure != null) {
                cases.append("      <failure message=\"")
                        .append(escape(failure))
                        .append("\">");
                details.forEach(detail -> cases.append(escape(detail)).append('\n'));
                cases.append("</failure>\n");
            }
            if (!output.isEmpty()) {
                cases.append("      <system-out>");
                output.forEach(line -> cases.append(escape(line)).append('\n'));
                cases.append("</system-out>\n");
            }
            cases.append("    </testcase>\n");
            return failure == null ? 0 : 1;
        }

        private static List<String> lines(List<RuleMessage> messages) {
            return messages.stream().map(RuleMessage::toString).toList();
        }

        private static List<RuleMessage> inFile(List<RuleMessage> messages, String file) {
            return messages.stream()
                    .filter(message -> message.file().equals(file))
                    .toList();
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\"", "&quot;");
        }
    }
}
