package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Drools' compiler messages as an analyst reads them: real positions, one per cause, in Tailor's terms. */
class CompilerMessagesTest {

    private static final String HEADER = """
            package tailor.test;
            import dev.tailor.facts.Customer;
            import dev.tailor.rules.Segment;
            import function dev.tailor.facts.Window.days;

            """;

    private static List<String> compile(String drl) {
        return compile("rules.drl", HEADER + drl);
    }

    private static List<String> compile(String file, String text) {
        RuleSetSource source = RuleSetSource.fromFiles("broken", Map.of(file, text.getBytes(StandardCharsets.UTF_8)));
        try {
            new RuleCompiler(new SimpleMeterRegistry()).compile(source);
            throw new AssertionError("compiled");
        } catch (RuleCompilationException e) {
            return e.messages().stream().map(RuleMessage::toString).toList();
        }
    }

    @Test
    void aSyntaxErrorIsReportedOnceAtTheParsersLineAndColumn() {
        assertThat(compile("""
                rule "Broken"
                when
                    Customer( isKnown()
                then
                    insert(Segment.marketing("x"));
                end
                """)).containsExactly("rules.drl:9:1: mismatched input 'then' in rule \"Broken\"");
    }

    @Test
    void anUnknownFactTypeIsExplainedOncePerFile() {
        assertThat(compile("""
                rule "One"
                when
                    Driver( age > 30 )
                then
                    insert(Segment.marketing("x"));
                end

                rule "Two"
                when
                    Driver( age < 20 )
                then
                    insert(Segment.marketing("y"));
                end
                """))
                .containsExactly("rules.drl:8:5: Tailor rules reason over Customer, Segment and Variable; "
                        + "'Driver' is not one of them");
    }

    @Test
    void aMalformedTableNamesTheCellInsteadOfFailingTheCall() {
        // The condition cell is not quoted: its comma splits it, and the last action lands under no header.
        assertThat(compile(
                        "tiers.drl.csv",
                        String.join(
                                "\n",
                                "RuleSet,tailor.tiers",
                                "Import,\"dev.tailor.facts.Customer, dev.tailor.facts.Window, dev.tailor.rules.Segment\"",
                                "RuleTable Tiers",
                                "NAME,CONDITION,ACTION,ACTION",
                                ",Customer,,",
                                ",count(\"Email Opened\", Window.days(30)) >= $param,\"Segment s = Segment.marketing(\"\"$param\"\");\","
                                        + "\"insert(s);\"",
                                "Rule,Opens at least,Segment,Priority",
                                "Regular,3,regular,30",
                                "")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .matches("tiers\\.drl\\.csv:6:5: cell E6: .*");
    }

    @Test
    void messagesAreSortedByFileThenPosition() {
        List<RuleMessage> sorted = CompilerMessages.forAnalysts(List.of(
                new RuleMessage("b.drl", 1, 1, "x"),
                new RuleMessage("a.drl", 9, 2, "y"),
                new RuleMessage("a.drl", 3, 7, "z"),
                new RuleMessage("a.drl", 3, 7, "z")));
        assertThat(sorted)
                .containsExactly(
                        new RuleMessage("a.drl", 3, 7, "z"),
                        new RuleMessage("a.drl", 9, 2, "y"),
                        new RuleMessage("b.drl", 1, 1, "x"));
    }
}
