package dev.tailor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.rules.scenarios.ScenarioFileException;
import dev.tailor.rules.scenarios.ScenarioFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden corpus: each folder under src/test/resources/rules/golden is a broken rule set (DRL, decision tables,
 * facts.yaml or scenario files) whose {@code expected.txt} holds, in order, exactly the messages an analyst gets,
 * as {@code file:line:col: message} with paths relative to the rule set. Rule files are compiled as the validator
 * and the admin API compile them; scenario files are read once the rules compile. {@code ValidateScriptIT} runs
 * the packaged validator over the same folders.
 */
class GoldenCorpusTest {

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GoldenTables.CORPUS)) {
            return dirs.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBrokenRuleSetGetsExactlyItsExpectedMessages(String name) throws IOException {
        Path dir = GoldenTables.CORPUS.resolve(name);
        List<String> expected = Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();

        List<String> actual = messages(name, files(dir));

        assertThat(actual).as("messages of %s", name).containsExactlyElementsOf(expected);
        assertThat(actual)
                .as("no Drools, MVEL or generated-code internals")
                .noneMatch(line -> line.matches(
                        "(?s).*(_this|GENERATED_|org\\.drools|org\\.mvel|\\[ERR |Unable to Analyse|InvalidExpression"
                                + "|src/main/java|\\.java:|PatternDSL).*"));
    }

    @Test
    void theCorpusCoversEveryKindOfRuleFileWithAtLeastTwentyCases() throws IOException {
        List<String> cases = cases().toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(20);
        for (String prefix : List.of("drl-", "csv-", "xlsx-", "facts-", "scenario-")) {
            assertThat(cases).as(prefix).anyMatch(c -> c.startsWith(prefix));
        }
    }

    @Test
    void theCommittedSpreadsheetsHoldWhatTheirGeneratorWrites() throws IOException {
        DataFormatter formatter = new DataFormatter();
        for (Map.Entry<String, List<String>> table : GoldenTables.tables().entrySet()) {
            Path file = GoldenTables.CORPUS.resolve(table.getKey()).resolve("engagement.drl.xlsx");
            List<String> rows = new ArrayList<>();
            try (InputStream in = Files.newInputStream(file);
                    Workbook workbook = WorkbookFactory.create(in)) {
                assertThat(workbook.getSheetName(0)).isEqualTo(GoldenTables.SHEET);
                Sheet sheet = workbook.getSheetAt(0);
                for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                    Row row = sheet.getRow(r);
                    List<String> cells = new ArrayList<>();
                    for (int c = 0; row != null && c < row.getLastCellNum(); c++) {
                        Cell cell = row.getCell(c);
                        cells.add(cell == null ? "" : formatter.formatCellValue(cell));
                    }
                    rows.add(String.join("|", cells));
                }
            }
            List<String> wanted = table.getValue().stream()
                    .map(line -> line.replaceAll("\\|+$", ""))
                    .toList();
            assertThat(rows)
                    .as(file + " (run GoldenTables.main after changing it)")
                    .containsExactlyElementsOf(wanted);
        }
    }

    /** What the validator reports for a rule set before running its scenarios. */
    static List<String> messages(String name, SortedMap<String, byte[]> files) {
        try {
            new RuleCompiler(new SimpleMeterRegistry()).compile(RuleSetSource.fromFiles(name, files));
            ScenarioFiles.parse(RuleSetSource.scenarioFiles(files));
            return List.of();
        } catch (RuleCompilationException e) {
            return e.messages().stream().map(RuleMessage::toString).toList();
        } catch (ScenarioFileException e) {
            return e.messages().stream().map(RuleMessage::toString).toList();
        }
    }

    private static SortedMap<String, byte[]> files(Path dir) throws IOException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(path).toString().replace('\\', '/');
                if (!relative.equals("expected.txt")) {
                    files.put(relative, Files.readAllBytes(path));
                }
            }
        }
        return files;
    }
}
