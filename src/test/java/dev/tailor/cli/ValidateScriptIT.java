package dev.tailor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tailor.rules.scenarios.Scenario;
import dev.tailor.rules.scenarios.ScenarioFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code scripts/validate.sh} as CI runs it, against the packaged application, with no service to reach: the
 * PostgreSQL, Kafka and Redis hosts name nothing, so the command stands on the private redis-server it starts.
 */
class ValidateScriptIT {

    /** Hosts that resolve to nothing: any attempt to reach PostgreSQL, Kafka or a shared Redis fails. */
    private static final Map<String, String> NOTHING_RUNNING = Map.of(
            "TAILOR_DB_HOST",
            "db.invalid",
            "TAILOR_KAFKA_BOOTSTRAP",
            "kafka.invalid:9092",
            "TAILOR_REDIS_HOST",
            "redis.invalid");

    private static final Duration LIMIT = Duration.ofMinutes(4);

    private record TestCase(String classname, String name, String failure) {}

    @Test
    void theSampleRulesPassWithAJUnitCasePerScenarioAndPerDecisionTable(@TempDir Path reports) throws Exception {
        Path report = reports.resolve("out.xml");

        Script.Run run =
                Script.run(NOTHING_RUNNING, LIMIT, "scripts/validate.sh", "rules", "--junit", report.toString());

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("ok   marketing: compiles, ")
                .contains("1 rule set(s), 0 failed")
                .doesNotContain("Exception")
                .doesNotContain("ERROR");
        List<Scenario> scenarios = ScenarioFiles.read(Path.of("rules", "marketing"));
        List<TestCase> expected = new ArrayList<>();
        expected.add(new TestCase("rules.marketing", "compiles", null));
        expected.add(new TestCase("rules.marketing", "decision table engagement.drl.xlsx", null));
        scenarios.forEach(s -> expected.add(new TestCase("rules.marketing." + s.file(), s.name(), null)));
        assertThat(scenarios).hasSizeGreaterThan(40);
        assertThat(testCases(report)).containsExactlyElementsOf(expected);
    }

    @Test
    void brokenCopiesFailWithMessagesAtFileLineAndColumn(@TempDir Path root) throws Exception {
        Path typo = copyOfSample(root, "typo");
        replace(
                typo.resolve("segments.drl"),
                "count(\"Product Viewed\", days(7)) >= 3",
                "count(\"Product Viewd\", days(7)) >= 3");
        Path syntax = copyOfSample(root, "syntax");
        replace(
                syntax.resolve("lifecycle.drl"),
                "Customer( did(\"Order Completed\", days(90)) )",
                "Customer( did(\"Order Completed\", days(90)) ");
        Path scenario = copyOfSample(root, "scenario");
        replace(scenario.resolve("tests/browsing.yaml"), "segments: [recent_browser]", "segments: [shoe_browser]");
        Path report = root.resolve("report.xml");

        Script.Run run = Script.run(
                NOTHING_RUNNING, LIMIT, "scripts/validate.sh", root.toString(), "--junit", report.toString());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains(typo.resolve("segments.drl") + ":21:15: count(\"Product Viewd\", days(7)): event "
                        + "\"Product Viewd\" is not declared in facts.yaml")
                .contains(syntax.resolve("lifecycle.drl") + ":19:1: mismatched input 'then' in rule "
                        + "\"LifecycleActive\"\nFAIL syntax: does not compile (1 error(s))")
                .contains("FAIL " + scenario.resolve("tests/browsing.yaml") + ": three views in a week make a "
                        + "recent browser")
                .contains("FAIL typo: does not compile")
                .contains("3 rule set(s), 3 failed");
        List<TestCase> cases = testCases(report);
        assertThat(cases)
                .filteredOn(c -> c.failure() != null)
                .extracting(TestCase::classname, TestCase::name)
                .containsExactlyInAnyOrder(
                        tuple("rules.scenario.tests/browsing.yaml", "three views in a week make a recent browser"),
                        tuple("rules.syntax", "compiles"),
                        tuple("rules.typo", "compiles"));
    }

    /**
     * The golden corpus (src/test/resources/rules/golden) through the packaged command: every case fails, with
     * exactly the messages its expected.txt holds, at the case's folder, and a failed JUnit case.
     */
    @Test
    void everyGoldenCaseFailsWithItsExpectedMessages(@TempDir Path reports) throws Exception {
        Path corpus = Path.of("src", "test", "resources", "rules", "golden");
        Path report = reports.resolve("golden.xml");

        Script.Run run = Script.run(
                NOTHING_RUNNING, LIMIT, "scripts/validate.sh", corpus.toString(), "--junit", report.toString());

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        List<String> cases;
        try (Stream<Path> dirs = Files.list(corpus)) {
            cases = dirs.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        List<String> printed = run.output().lines().toList();
        for (String name : cases) {
            List<String> expected = Files.readAllLines(corpus.resolve(name).resolve("expected.txt")).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> corpus.resolve(name) + "/" + line)
                    .toList();
            // The case's messages, in order, right before its verdict.
            String verdict = name.startsWith("scenario-")
                    ? "FAIL " + name + ": scenario files cannot be read (" + expected.size() + " error(s))"
                    : "FAIL " + name + ": does not compile (" + expected.size() + " error(s))";
            assertThat(printed).as(name + " in:\n" + run.output()).contains(verdict);
            int at = printed.indexOf(verdict);
            assertThat(printed.subList(at - expected.size(), at)).as(name).containsExactlyElementsOf(expected);
        }
        assertThat(run.output())
                .contains(cases.size() + " rule set(s), " + cases.size() + " failed")
                .doesNotContain("Exception")
                .doesNotContain("_this")
                .doesNotContain("src/main/java");
        assertThat(testCases(report))
                .filteredOn(c -> c.failure() != null)
                .extracting(TestCase::classname)
                .containsExactlyInAnyOrderElementsOf(
                        cases.stream().map(c -> "rules." + c).toList());
    }

    @Test
    void aFolderWithoutRuleSetsIsAUsageError(@TempDir Path empty) throws Exception {
        Script.Run run = Script.run(NOTHING_RUNNING, LIMIT, "scripts/validate.sh", empty.toString());

        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains(empty + ": no rule sets found");
    }

    private static Path copyOfSample(Path root, String name) throws Exception {
        Path source = Path.of("rules", "marketing");
        Path target = root.resolve(name);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
        return target;
    }

    /** Replaces the first occurrence only, so that one thing is broken. */
    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertThat(text).as(file.toString()).contains(from);
        int at = text.indexOf(from);
        Files.writeString(file, text.substring(0, at) + to + text.substring(at + from.length()));
    }

    private static List<TestCase> testCases(Path report) throws Exception {
        NodeList nodes = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(report.toFile())
                .getElementsByTagName("testcase");
        List<TestCase> cases = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element testCase = (Element) nodes.item(i);
            NodeList failures = testCase.getElementsByTagName("failure");
            cases.add(new TestCase(
                    testCase.getAttribute("classname"),
                    testCase.getAttribute("name"),
                    failures.getLength() == 0 ? null : ((Element) failures.item(0)).getAttribute("message")));
        }
        return cases;
    }
}
