package dev.tailor.rules.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.RuleCompilationException;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleMessage;
import dev.tailor.rules.RuleSetSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules reach only the fact API: every escape attempt of the corpus under src/test/resources/rules/escapes is
 * refused at compile time, at the place it is written, and none of it runs. A corpus file's first line says where
 * the error must be and what it must name: {@code // expect: LINE:COLUMN text}.
 */
class RuleSandboxTest {

    private static final Path CORPUS = Path.of("src/test/resources/rules/escapes");
    /** Where the payloads that write files would write: it must stay empty. */
    private static final Path ESCAPED = Path.of("target/escaped");

    private static final Pattern EXPECT = Pattern.compile("^// expect: (\\d+):(\\d+) (.+)$", Pattern.MULTILINE);
    private static final String FACTS = "events:\n  Product Viewed: {window: 30d, by: [category]}\n";

    private static RuleCompiler compiler;

    @BeforeAll
    static void compiler() throws IOException {
        compiler = new RuleCompiler(new SimpleMeterRegistry());
        Files.createDirectories(ESCAPED);
    }

    @AfterAll
    static void nothingRan() throws IOException {
        assertNothingRan();
    }

    static Stream<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".drl"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void everyEscapeAttemptIsRefusedWhereItIsWritten(String name, @TempDir Path dir) throws IOException {
        String drl = Files.readString(CORPUS.resolve(name));
        Matcher expect = EXPECT.matcher(drl);
        assertThat(expect.find()).as("%s names its expected error", name).isTrue();
        RuleMessage expected = new RuleMessage(
                name, Integer.parseInt(expect.group(1)), Integer.parseInt(expect.group(2)), expect.group(3));

        assertRefused(dir, name, drl, expected);
    }

    @Test
    void aDecisionTableCellIsRefusedAtItsRowAndColumn(@TempDir Path dir) throws IOException {
        String name = "decision-table-action.drl.csv";
        assertRefused(
                dir,
                name,
                Files.readString(CORPUS.resolve(name)),
                new RuleMessage(name, 6, 3, "cell C6: uses java.lang.Runtime"));
    }

    @Test
    void theCorpusHoldsAtLeastTwentyFiveAttempts() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            assertThat(files.count()).isGreaterThanOrEqualTo(25);
        }
    }

    @Test
    void theSampleRulesPass() {
        CompiledRuleSet rules = compiler.compile(RuleSetSource.fromDirectory(Path.of("rules", "marketing")));
        assertThat(rules.kieBase().getKiePackage("tailor.marketing").getRules()).hasSizeGreaterThan(20);
    }

    private static void assertRefused(Path dir, String name, String content, RuleMessage expected) throws IOException {
        Path ruleSet = Files.createDirectories(dir.resolve("escape"));
        Files.writeString(ruleSet.resolve("facts.yaml"), FACTS);
        Files.writeString(ruleSet.resolve(name), content);

        assertThatThrownBy(() -> compiler.compile(RuleSetSource.fromDirectory(ruleSet)))
                .isInstanceOfSatisfying(RuleCompilationException.class, e -> {
                    assertThat(e.messages()).anySatisfy(message -> {
                        assertThat(message.file()).isEqualTo(expected.file());
                        assertThat(message.line()).isEqualTo(expected.line());
                        assertThat(message.column()).isEqualTo(expected.column());
                        assertThat(message.text()).contains(expected.text());
                    });
                });
        assertNothingRan();
    }

    private static void assertNothingRan() {
        try (Stream<Path> escaped = Files.list(ESCAPED)) {
            assertThat(escaped.toList()).as("files written by rule code").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(System.getProperty("tailor.escaped"))
                .as("system property set by rule code")
                .isNull();
    }
}
