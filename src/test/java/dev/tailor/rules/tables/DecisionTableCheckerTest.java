package dev.tailor.rules.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.rules.tables.TableFinding.Severity;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.junit.jupiter.api.Test;

/**
 * Decision tables as analysts write them, turned into DRL by Drools, then checked. A Quarkus test although it needs
 * no bean: Drools keeps static singletons from the first context class loader that touches it, and a plain test
 * doing so in the Quarkus tests' JVM would break them.
 */
@QuarkusTest
class DecisionTableCheckerTest {

    private static final String FILE = "engagement.drl.csv";

    /** Segment groups: the segment, its group and its priority are one cell, "super_fan, engagement, 30". */
    private static final String SEGMENT_HEADER = """
            RuleSet,tailor.tables
            Import,"dev.tailor.facts.Customer, dev.tailor.facts.Window, dev.tailor.rules.Segment"
            RuleTable Engagement
            NAME,CONDITION,CONDITION,CONDITION,ACTION
            ,Customer...,Customer...,Customer...,
            ,"count(""Email Opened"", Window.days(30)) >= $param",\
            "did(""Order Completed"", Window.days(90)) == $param",\
            "trait(""plan"", ""free"") matches ""$param""\","insert(Segment.marketing(""$1"").inGroup(""$2"", $3));"
            Rule,Opens in 30 days at least,Ordered in 90 days,Plan matching,"Segment, group, priority"
            """; // the rows follow from spreadsheet row 8

    private static List<TableFinding> checkSegmentTable(String... rows) {
        return check(SEGMENT_HEADER + String.join("\n", rows) + "\n");
    }

    private static List<TableFinding> check(String csv) {
        String drl = new SpreadsheetCompiler()
                .compile(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), InputType.CSV);
        return DecisionTableChecker.check(FILE, drl);
    }

    private static List<TableFinding> errors(List<TableFinding> findings) {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }

    @Test
    void aRowThatCanNeverWinIsReportedAtItsRowNamingTheWinner() {
        List<TableFinding> findings = checkSegmentTable(
                "EmailRegular,3,,,\"regular, engagement, 30\"", "EmailSuperFan,10,,,\"super_fan, engagement, 20\"");

        assertThat(findings)
                .containsExactly(new TableFinding(
                        FILE,
                        9,
                        1,
                        Severity.ERROR,
                        "row 9 (EmailSuperFan) can never win group \"engagement\": row 8 (EmailRegular) matches whenever"
                                + " it does and wins (regular has priority 30 > 20 of super_fan)"));
    }

    @Test
    void tiersWithHigherThresholdsRankedHigherOnlyOverlap() {
        List<TableFinding> findings = checkSegmentTable(
                "EmailSuperFan,10,,,\"super_fan, engagement, 30\"",
                "EmailRegular,3,,,\"regular, engagement, 20\"",
                "EmailCasual,1,,,\"casual, engagement, 10\"");

        assertThat(errors(findings)).isEmpty();
        assertThat(findings).extracting(TableFinding::row).containsExactly(9, 10, 10);
        assertThat(findings).allMatch(f -> f.severity() == Severity.WARNING);
        assertThat(findings.get(0).text())
                .isEqualTo("rows 8 (EmailSuperFan) and 9 (EmailRegular) can both match"
                        + " in group \"engagement\": row 8 wins (super_fan has priority 30 > 20 of regular)");
        assertThat(findings)
                .extracting(TableFinding::text)
                .anyMatch(t -> t.startsWith("rows 8 (EmailSuperFan) and" + " 10 (EmailCasual)"))
                .anyMatch(t -> t.startsWith("rows 9 (EmailRegular) and 10 (EmailCasual)"));
    }

    @Test
    void rowsInDifferentGroupsAreNotCompared() {
        List<TableFinding> findings = checkSegmentTable(
                "EmailRegular,3,,,\"regular, engagement, 30\"", "LoyalBuyer,10,,,\"loyal, loyalty, 20\"");

        assertThat(findings).isEmpty();
    }

    @Test
    void aConditionOfTheWinnerThatCannotBeReadGivesNoShadowing() {
        // "matches" is not analysed: row 8 may not match every customer row 9 matches
        List<TableFinding> findings = checkSegmentTable(
                "PremiumRegular,3,,gold|platinum,\"premium_regular, engagement, 30\"",
                "EmailSuperFan,10,,,\"super_fan, engagement, 20\"");

        assertThat(errors(findings)).isEmpty();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.row()).isEqualTo(9);
            assertThat(f.text()).startsWith("rows 8 (PremiumRegular) and 9 (EmailSuperFan) may both match");
        });
    }

    @Test
    void aConditionOfTheLoserThatCannotBeReadOnlyNarrowsIt() {
        List<TableFinding> findings = checkSegmentTable(
                "EmailRegular,3,,,\"regular, engagement, 30\"",
                "PremiumSuperFan,10,,gold|platinum,\"premium_super_fan, engagement, 20\"");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.row()).isEqualTo(9);
            assertThat(f.text()).contains("row 8 (EmailRegular) matches whenever it does");
        });
    }

    @Test
    void exclusiveBooleanConditionsNeitherShadowNorOverlap() {
        List<TableFinding> findings = checkSegmentTable(
                "Buyer,,true,,\"buyer, purchase, 30\"", "EngagedNonBuyer,5,false,,\"engaged_non_buyer, purchase, 20\"");

        assertThat(findings).isEmpty();
    }

    @Test
    void aBooleanConditionNarrowsARowAndEqualPrioritiesGoByName() {
        List<TableFinding> findings = checkSegmentTable(
                "Engaged,3,,,\"a_engaged, engagement, 20\"",
                "EngagedBuyer,3,true,,\"b_engaged_buyer, engagement, 20\"");

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.row()).isEqualTo(9);
            assertThat(f.text())
                    .endsWith("row 8 (Engaged) matches whenever it does and wins (a_engaged and"
                            + " b_engaged_buyer have priority 20, a_engaged comes first by name)");
        });
    }

    @Test
    void anEarlierRowOfASequentialActivationGroupShadowsALaterNarrowerOneAtItsColumn() {
        // The table starts in column B, so its rows' first cells are in column 2.
        String csv = """
                RuleSet,tailor.tables
                Import,"dev.tailor.facts.Customer, dev.tailor.facts.Window, dev.tailor.rules.Segment"
                Sequential,true
                ,RuleTable Engagement
                ,NAME,ACTIVATION-GROUP,CONDITION,ACTION
                ,,,Customer,
                ,,,"count(""Email Opened"", Window.days(30)) >= $param","insert(Segment.marketing(""$param""));"
                ,Rule,Group,Opens in 30 days at least,Segment
                ,EmailRegular,engagement,3,regular
                ,EmailSuperFan,engagement,10,super_fan
                ,EmailNone,,,none
                """;

        assertThat(check(csv))
                .containsExactly(new TableFinding(
                        FILE,
                        10,
                        2,
                        Severity.ERROR,
                        "row 10 (EmailSuperFan) can never fire in activation-group \"engagement\": row 9 (EmailRegular)"
                                + " matches whenever it does and fires first (salience 65535 > 65534)"));
    }

    @Test
    void equivalentSpellingsOfAConstraintAreRecognised() {
        // "> 9" on a count is ">= 10"; "12 <= count" is "count >= 12"; whitespace and "Window." do not matter.
        String csv = """
                RuleSet,tailor.tables
                Import,"dev.tailor.facts.Customer, dev.tailor.facts.Window, dev.tailor.rules.Segment"
                RuleTable Winback
                NAME,CONDITION,CONDITION,CONDITION,ACTION
                ,Customer...,Customer...,Customer...,
                ,"count(""Email Opened"", Window.days(30)) > $param","$param <= count( ""Email Opened"",days(30) )",\
                "!did(""$param"", Window.days(90))","insert(Segment.marketing(""$1"").inGroup(""$2"", $3));"
                Rule,Opens above,Opens at least,Not done in 90 days,"Segment, group, priority"
                WinbackOpener,9,,Order Completed,"winback_opener, winback, 30"
                WinbackFan,,12,Order Completed,"winback_fan, winback, 20"
                WinbackAny,,,Product Viewed,"winback_any, winback, 10"
                """;

        List<TableFinding> findings = check(csv);

        assertThat(errors(findings)).singleElement().satisfies(f -> {
            assertThat(f.row()).isEqualTo(9);
            assertThat(f.text()).contains("row 8 (WinbackOpener) matches whenever it does");
        });
        assertThat(findings)
                .filteredOn(f -> f.severity() == Severity.WARNING)
                .extracting(TableFinding::row)
                .containsExactly(10);
    }
}
