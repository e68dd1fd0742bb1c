package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule set declares its variables with a type and a default in facts.yaml; a rule that sets another variable, or
 * a value of another type, does not compile, and the message names the rule, the variable and where it is written.
 */
class DeclaredVariablesTest {

    private static final String FACTS = """
            events:
              Product Viewed: {window: 30d, sum: [price]}
            variables:
              tier: {type: string, default: basic}
              aov: {type: number, default: 0}
              vip: {type: boolean, default: false}
              tags: {type: list, default: []}
            """;

    private static RuleCompiler compiler;

    @BeforeAll
    static void compiler() {
        compiler = new RuleCompiler(new SimpleMeterRegistry());
    }

    private static CompiledRuleSet compile(Path dir, String facts, String consequence) throws IOException {
        Path ruleSet = Files.createDirectories(dir.resolve("vars"));
        Files.writeString(ruleSet.resolve("facts.yaml"), facts);
        Files.writeString(ruleSet.resolve("vars.drl"), """
                package tailor.vars;
                import dev.tailor.facts.Customer;
                import dev.tailor.rules.Variable;
                import function dev.tailor.facts.Window.days;

                rule "Personalise"
                when
                    $c : Customer()
                then
                    %s
                end
                """.formatted(consequence));
        return compiler.compile(RuleSetSource.fromDirectory(ruleSet));
    }

    private static List<RuleMessage> refusal(Path dir, String facts, String consequence) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> compile(dir, facts, consequence));
        assertThat(thrown).isInstanceOf(RuleCompilationException.class);
        return ((RuleCompilationException) thrown).messages();
    }

    @Test
    void declaredVariablesOfTheirTypesCompileAndTheRuleSetKnowsThem(@TempDir Path dir) throws IOException {
        CompiledRuleSet rules = compile(dir, FACTS, """
                insert(new Variable("tier", $c.trait("tier", "basic")));
                    insert(new Variable("aov", Math.round($c.average("Product Viewed", "price", days(30)))));
                    insert(new Variable("vip", $c.isTrue("vip")));
                    insert(new Variable("tags", java.util.List.of("a", "b")));
                    insert(new Variable("tier", null));""");
        assertThat(rules.variables().names()).containsExactly("tier", "aov", "vip", "tags");
        assertThat(rules.variables().complete(Map.of("aov", 12L)))
                .containsExactly(
                        Map.entry("tier", "basic"),
                        Map.entry("aov", 12L),
                        Map.entry("vip", false),
                        Map.entry("tags", List.of()));
    }

    @Test
    void anUndeclaredVariableIsRefusedNamingTheRuleAndTheVariable(@TempDir Path dir) {
        assertThat(refusal(dir, FACTS, "insert(new Variable(\"teir\", \"gold\"));"))
                .singleElement()
                .satisfies(message -> {
                    assertThat(message.file()).isEqualTo("vars.drl");
                    assertThat(message.line()).isEqualTo(10);
                    assertThat(message.column()).as("at the variable's name").isEqualTo(25);
                    assertThat(message.text())
                            .startsWith("rule \"Personalise\" sets variable \"teir\", which"
                                    + " facts.yaml does not declare (it declares tier, aov, vip, tags)");
                });
    }

    @Test
    void aValueOfAnotherTypeIsRefused(@TempDir Path dir) {
        assertThat(refusal(dir, FACTS, "insert(new Variable(\"aov\", $c.trait(\"aov\", \"0\")));"))
                .extracting(RuleMessage::text)
                .containsExactly("rule \"Personalise\" sets variable \"aov\" to a String, but facts.yaml declares"
                        + " it a number");
        assertThat(refusal(dir, FACTS, "insert(new Variable(\"tier\", $c.trait(\"tier\")));"))
                .extracting(RuleMessage::text)
                .singleElement()
                .asString()
                .contains("\"tier\" to a value whose type is only known as Object");
        assertThat(refusal(dir, FACTS, "String n = \"ti\" + \"er\"; insert(new Variable(n + $c.getId(), \"x\"));"))
                .extracting(RuleMessage::text)
                .singleElement()
                .asString()
                .contains("sets a variable whose name is not written out");
    }

    @Test
    void aRuleSetThatDeclaresNoVariablesSetsNone(@TempDir Path dir) {
        assertThat(refusal(dir, "events: {}\n", "insert(new Variable(\"tier\", \"gold\"));"))
                .extracting(RuleMessage::text)
                .singleElement()
                .asString()
                .contains("which facts.yaml does not declare (it declares no variables)");
    }

    @Test
    void declarationsWithoutATypeOrADefaultOfTheirTypeAreRefused(@TempDir Path dir) {
        assertThat(refusal(dir, """
                events: {}
                variables:
                  a: {type: text, default: x}
                  b: {type: number}
                  c: {type: boolean, default: "yes"}
                """, ""))
                .extracting(RuleMessage::toString)
                .containsExactly(
                        "facts.yaml:3:7: variables.a.type: must be one of string, number, boolean, list",
                        "facts.yaml:4:3: variables.b.default: is required, so that every decision holds the variable (a"
                                + " template in strict mode fails on a missing one)",
                        "facts.yaml:5:22: variables.c.default: must be a boolean");
    }

    @Test
    void theSampleRuleSetDeclaresEveryVariableItSets() {
        CompiledRuleSet sample = compiler.compile(RuleSetSource.fromDirectory(Path.of("rules", "marketing")));
        assertThat(sample.variables().views())
                .extracting(DeclaredVariables.View::name)
                .containsExactly("loyalty_tier", "first_name", "favourite_category", "average_order_value");
        assertThat(sample.segments()).contains("cart_abandoner", "email_clicker", "unsubscribed");
    }
}
