package dev.tailor.rules.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI command: exit codes, file:line:col errors, expected-versus-actual scenarios, the JUnit XML report. */
@QuarkusTest
class ValidateCommandTest {

    private static final String RULE = """
            package tailor.ci;
            import dev.tailor.facts.Customer;
            import dev.tailor.rules.Segment;
            import function dev.tailor.facts.Window.days;
            rule "Browser"
            when
                Customer( count("%s", days(7)) >= 2 )
            then
                insert(Segment.marketing("browser"));
            end
            """;

    @Inject
    ValidateCommand command;

    private record Run(int exit, String output) {}

    private Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Run(command.run(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private static Path ruleSet(Path root, String name, String event, String scenario) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name).resolve("tests"));
        Files.writeString(dir.getParent().resolve("facts.yaml"), "events:\n  Product Viewed: {window: 7d}\n");
        Files.writeString(dir.getParent().resolve("rules.drl"), RULE.formatted(event));
        Files.writeString(dir.resolve("browsing.yaml"), scenario);
        return dir.getParent();
    }

    @Test
    void theSampleRulesPass(@TempDir Path reports) {
        Run run = run("rules", "--junit", reports.resolve("report.xml").toString());
        assertThat(run.exit()).isZero();
        assertThat(run.output()).contains("ok   marketing: compiles");
    }

    @Test
    void failuresAreLocatedExplainedReportedAndExitNonZero(@TempDir Path root) throws Exception {
        ruleSet(root, "typo", "Product Veiwed", "[]");
        ruleSet(root, "wrong", "Product Viewed", """
                - name: one view is not enough
                  events: [{at: -1h, event: Product Viewed}]
                  expect: [{segments: [browser]}]
                """);
        Path report = root.resolve("report.xml");

        Run run = run(root.toString(), "--junit", report.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output())
                .contains(root.resolve("typo").resolve("rules.drl") + ":7:15: count(\"Product Veiwed\", days(7))")
                .contains("FAIL " + root.resolve("wrong").resolve("tests/browsing.yaml") + ": one view is not enough")
                .contains("at 0: segments expected [browser] but were []")
                .contains("2 rule set(s), 2 failed");
        String xml = Files.readString(report);
        assertThat(xml)
                .contains("<testsuite name=\"rules.typo\" tests=\"1\" failures=\"1\">")
                .contains("<testsuite name=\"rules.wrong\" tests=\"2\" failures=\"1\">")
                .contains("<failure message=\"at 0: segments expected [browser] but were []\">");
    }

    @Test
    void aTableRowThatCanNeverWinItsGroupFailsValidation(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("tiers"));
        Files.writeString(dir.resolve("facts.yaml"), "events:\n  Email Opened: {window: 30d}\n");
        Files.writeString(
                dir.resolve("tiers.drl.csv"),
                String.join(
                        "\n",
                        "RuleSet,tailor.tiers",
                        "Import,\"dev.tailor.facts.Customer, dev.tailor.facts.Window, dev.tailor.rules.Segment\"",
                        "RuleTable Tiers",
                        "NAME,CONDITION,ACTION,ACTION",
                        ",Customer,,",
                        ",\"count(\"\"Email Opened\"\", Window.days(30)) >= $param\",\"Segment s = Segment.marketing(\"\"$param\"\");\","
                                + "\"insert(s.inGroup(\"\"tier\"\", $param));\"",
                        "Rule,Opens at least,Segment,Priority",
                        "Regular,3,regular,30",
                        "SuperFan,10,super_fan,20",
                        ""));

        Run run = run(root.toString(), "--junit", root.resolve("report.xml").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.output())
                .contains(dir.resolve("tiers.drl.csv") + ":9:")
                .contains("error: row 9 (SuperFan) can never win");
        assertThat(Files.readString(root.resolve("report.xml")))
                .contains(
                        "<testcase classname=\"rules.tiers\" name=\"decision table tiers.drl.csv\">\n      <failure message=\"rows that can never fire or never win\">");
    }

    @Test
    void aFolderWithoutRuleSetsIsAnError(@TempDir Path empty) {
        assertThat(run(empty.toString()).exit()).isEqualTo(2);
    }
}
