package dev.tailor.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailor.cli.Script;
import dev.tailor.readme.ConsoleExamples.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the README's examples are read and compared ({@link ReadmeExamplesIT} runs them), on the README itself and on
 * deliberately drifted copies of its examples: a drift is a difference, a value the README declares as varying is
 * not.
 */
class ReadmeExamplesTest {

    private static final List<Example> EXAMPLES = ConsoleExamples.of(Script.ROOT);
    private static final AnswerCheck CHECK = new AnswerCheck(readmeVarying());

    private static Set<String> readmeVarying() {
        try {
            return AnswerCheck.declaredIn(Files.readString(Script.ROOT.resolve("README.md")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Example example(String commandEnd) {
        return EXAMPLES.stream()
                .filter(e -> e.command().strip().endsWith(commandEnd))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no README example ends with " + commandEnd));
    }

    @Test
    void theReadmeDeclaresAShortListOfVaryingValuesAndListsFewExamplesAsNotRunnable() {
        assertThat(readmeVarying())
                .contains("id", "revision", "sha256", "Retry-After")
                .hasSizeLessThanOrEqualTo(10);
        assertThat(EXAMPLES).hasSizeGreaterThan(30);
        assertThat(EXAMPLES)
                .extracting(Example::command)
                .containsAll(ReadmeExamplesIT.NOT_RUNNABLE.keySet())
                .contains(ReadmeExamplesIT.BROKEN_COPIES_EXAMPLE);
        assertThat(ReadmeExamplesIT.NOT_RUNNABLE).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aCommandRunsOnWhileAQuoteIsOpenOrALineEndsWithABackslash() {
        Example destination = example("\"escape\": \"html\"}]}'");
        assertThat(destination.command())
                .startsWith("curl -s -u tailor-local-dev-key: -XPUT ")
                .contains("\"maxPerSecond\": 20")
                .hasLineCount(8);
        assertThat(destination.answer()).isEmpty();
        Example identify = EXAMPLES.get(0);
        assertThat(identify.command()).hasLineCount(2).endsWith("\"loyalty_tier\":\"gold\"}}'");
        assertThat(identify.answer()).containsExactly("{\"success\":true}");
        assertThat(identify.where()).startsWith("README.md:");
    }

    @Test
    void docsAreReadInTheOrderTheReadmeFirstLinksThemThenInPathOrder(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/adr"));
        for (String name : List.of("a.md", "b.md", "c.md", "adr/0001.md", "notes.txt")) {
            Files.writeString(root.resolve("docs").resolve(name), "");
        }
        String readme = "See [B](docs/b.md#part), [the records](docs/adr/), [missing](docs/gone.md),\n"
                + "[BENCHMARKS](BENCHMARKS.md) and [a](./docs/a.md), then [B again](docs/b.md).";

        assertThat(ConsoleExamples.docsInReadingOrder(root, readme))
                .extracting(p -> root.relativize(p).toString())
                .containsExactly("docs/b.md", "docs/a.md", "docs/adr/0001.md", "docs/c.md");
    }

    @Test
    void theExamplesKeepTheOrderOfTheReadmeTheyWereMovedOutOf() {
        // The README's sections moved to these files in this order; each example sees the state earlier ones made.
        assertThat(EXAMPLES.stream().map(Example::file).distinct())
                .containsExactly(
                        "README.md",
                        "docs/ingest.md",
                        "docs/data.md",
                        "docs/security.md",
                        "docs/esp-contract.md",
                        "docs/import.md",
                        "docs/authoring-rules.md");
    }

    @Test
    void aCommentNamesTheStatusOfAnAnswerNotShown() {
        assertThat(example("# revoke: 204").status()).isEqualTo(OptionalInt.of(204));
        assertThat(example("# new secret, same id").status()).isEmpty();
        assertThat(ConsoleExamples.documentedStatus("curl -d '# 500 in a quote' x"))
                .isEmpty();
    }

    @Test
    void theReadmesOwnAnswerAgreesAndAVaryingValueDoesNot() {
        Example nobody = example("localhost:8080/v1/decisions/nobody");
        String answer = String.join("\n", nobody.answer());

        assertThat(CHECK.differences(nobody.answer(), answer)).isEmpty();
        assertThat(CHECK.differences(
                        nobody.answer(),
                        answer.replaceFirst("\"revision\":\\d+", "\"revision\":42")
                                .replaceFirst("\"sha256\":\"\\w+\"", "\"sha256\":\"0123\"")))
                .isEmpty();
    }

    @Test
    void aDriftedCopyOfAnExampleFailsNamingWhatDrifted() {
        Example nobody = example("localhost:8080/v1/decisions/nobody");
        String answer = String.join("\n", nobody.answer());
        List<String> drifted = nobody.answer().stream()
                .map(l -> l.replace("\"there\"", "\"friend\""))
                .toList();

        assertThat(CHECK.differences(drifted, answer))
                .containsExactly("$.variables.first_name: the README shows \"friend\", the answer has \"there\"");
        assertThat(CHECK.differences(nobody.answer(), answer.replace("\"degraded\":false", "\"degraded\":true")))
                .containsExactly("$.degraded: the README shows false, the answer has true");
        assertThat(CHECK.differences(nobody.answer(), answer.replace(",\"degraded\":false", "")))
                .containsExactly("$.degraded: shown in the README, missing from the answer");
        assertThat(CHECK.differences(nobody.answer(), answer.replace("\"segments\":[]", "\"segments\":[\"vip\"]")))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("$.segments: the README shows 0 element(s)");
        assertThat(CHECK.differences(nobody.answer(), answer.substring(0, answer.length() - 1) + ",\"new\":1}"))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("$.new: in the answer");
        assertThat(CHECK.differences(nobody.answer(), "{\"type\":\"urn:tailor:problem:missing-api-key\"}"))
                .hasSizeGreaterThan(3);
        assertThat(CHECK.differences(nobody.answer(), "not json")).containsExactly("the answer is not JSON: not json");
    }

    @Test
    void leftOutMembersElementsAndEndsMayHoldAnything() {
        List<String> shown = List.of(
                "{\"id\":7,\"key\":\"tlr_7Qe...\",\"detail\":\"send it again in ...\",",
                " \"errors\":[...],\"first\":[1,...],...}");
        String answer = "{\"id\":1,\"key\":\"tlr_x\",\"detail\":\"send it again in 25 s\",\"errors\":[{\"a\":1}],"
                + "\"first\":[1,2,3],\"more\":true}";

        assertThat(CHECK.differences(shown, answer)).isEmpty();
        assertThat(CHECK.differences(shown, answer.replace("send it again", "sent")))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("$.detail: the README shows \"send it again in ...\"");
        assertThat(CHECK.differences(shown, answer.replace("[1,2,3]", "[2,3]"))).hasSize(1);
        assertThat(CHECK.differences(shown, answer.replace(",\"errors\":[{\"a\":1}]", "")))
                .hasSize(1);
    }

    @Test
    void aStatusLineAndHeadersAreComparedAVaryingHeaderForPresenceOnly() {
        Example throttled = EXAMPLES.stream()
                .filter(e -> e.command().startsWith("curl -s -i "))
                .findFirst()
                .orElseThrow();
        String answer = "HTTP/1.1 429 Too Many Requests\r\ncontent-length: 9\r\nretry-after: 24\r\n"
                + "Content-Type: application/problem+json\r\n\r\n";
        String body = String.join(
                        "\n",
                        throttled
                                .answer()
                                .subList(
                                        throttled.answer().indexOf("") + 1,
                                        throttled.answer().size()))
                .replace("...\",\"field", "24 s\",\"field")
                .replace("[...]", "[]");

        assertThat(throttled.answer().get(0)).isEqualTo("HTTP/1.1 429 Too Many Requests");
        assertThat(CHECK.differences(throttled.answer(), answer + body)).isEmpty();
        assertThat(CHECK.differences(throttled.answer(), answer.replace("429 Too Many Requests", "200 OK") + body))
                .containsExactly("status: the README shows 'HTTP/1.1 429 Too Many Requests', the answer is "
                        + "'HTTP/1.1 200 OK'");
        assertThat(CHECK.differences(
                        throttled.answer(), answer.replace("application/problem+json", "application/json") + body))
                .hasSize(1)
                .first()
                .asString()
                .startsWith("header Content-Type");
    }

    @Test
    void textIsComparedLineByLine() {
        Example golden = example("xlsx-missing-method-code-cell; echo \"exit $?\"");
        String answer = String.join("\n", golden.answer()) + "\n";

        assertThat(CHECK.differences(golden.answer(), answer)).isEmpty();
        assertThat(CHECK.differences(golden.answer(), answer.replace("exit 1", "exit 0")))
                .containsExactly("line 4: the README shows 'exit 1', the answer has 'exit 0'");
        assertThat(CHECK.differences(golden.answer(), answer + "one more\n")).hasSize(1);
    }

    @Test
    void aReadmeThatDoesNotSayWhatVariesIsRefused() {
        assertThatThrownBy(() -> AnswerCheck.declaredIn("# Tailor\n\nNo word on varying values.\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("console-examples");
    }
}
