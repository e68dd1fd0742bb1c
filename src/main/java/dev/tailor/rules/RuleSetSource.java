package dev.tailor.rules;

import dev.tailor.rules.sandbox.TableCells;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.template.parser.DecisionTableParseException;

/**
 * The files of one rule set as analysts write them: {@code *.drl}, decision tables named {@code *.drl.xlsx},
 * {@code *.drl.xls} or {@code *.drl.csv}, and the fact declarations {@code facts.yaml}. Paths are relative to the
 * rule set's folder, with forward slashes. Scenario tests under {@code tests/} are not rules: a revision keeps them
 * beside these files (see {@link #scenarioFiles}).
 */
public record RuleSetSource(String name, SortedMap<String, byte[]> files) {

    public static final String FACTS_FILE = "facts.yaml";
    private static final List<String> RULE_SUFFIXES = List.of(".drl", ".drl.xlsx", ".drl.xls", ".drl.csv");
    /** Spreadsheets that Drools would skip without a word unless they carry the .drl. infix. */
    private static final List<String> TABLE_SUFFIXES = List.of(".xlsx", ".xls", ".csv");
    /** A spreadsheet cell as Drools names it in its messages: "cell C8". */
    private static final Pattern CELL = Pattern.compile("\\bcell ([A-Z]{1,3})(\\d+)");

    public RuleSetSource {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** Reads a rule set folder; the folder name is the rule set's name. Test scenarios under tests/ are not rules. */
    public static RuleSetSource fromDirectory(Path dir) {
        return fromFiles(dir.getFileName().toString(), folderFiles(dir));
    }

    /** Every file under a rule set folder, by path relative to it with forward slashes. */
    public static SortedMap<String, byte[]> folderFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleCompilationException(
                    dir.getFileName().toString(), List.of(RuleMessage.of(dir.toString(), "rule set folder not found")));
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read rule set " + dir, e);
        }
        return files;
    }

    /**
     * The rule set among {@code files} (a folder's or an upload's content, by relative path): its rule files and
     * facts.yaml. Scenario tests and other files are left out.
     */
    public static RuleSetSource fromFiles(String name, Map<String, byte[]> files) {
        SortedMap<String, byte[]> rules = new TreeMap<>();
        files.forEach((path, content) -> {
            if (!path.startsWith("tests/") && (path.equals(FACTS_FILE) || isRuleFile(path))) {
                rules.put(path, content);
            }
        });
        return new RuleSetSource(name, rules);
    }

    /** The scenario files among {@code files}: tests/*.yaml. */
    public static SortedMap<String, byte[]> scenarioFiles(Map<String, byte[]> files) {
        SortedMap<String, byte[]> tests = new TreeMap<>();
        files.forEach((path, content) -> {
            if (path.startsWith("tests/") && (path.endsWith(".yaml") || path.endsWith(".yml"))) {
                tests.put(path, content);
            }
        });
        return tests;
    }

    /**
     * True for a rule file; throws for a decision table Drools would silently ignore because of its name, so that
     * an analyst's spreadsheet never drops out of a rule set unnoticed.
     */
    static boolean isRuleFile(String path) {
        String lower = path.toLowerCase();
        if (RULE_SUFFIXES.stream().anyMatch(lower::endsWith)) {
            return true;
        }
        if (TABLE_SUFFIXES.stream().anyMatch(lower::endsWith)) {
            throw new RuleCompilationException(
                    path,
                    List.of(RuleMessage.of(
                            path,
                            "decision tables must be named *.drl.xlsx, *.drl.xls or *.drl.csv, or Drools skips them")));
        }
        return false;
    }

    /**
     * Every rule file as DRL text, by path: DRL files as written, decision tables as Drools turns them into DRL
     * (so that checks such as the declared-facts one see exactly what will run).
     */
    public Map<String, String> drlTexts() {
        Map<String, String> drl = new TreeMap<>();
        files.forEach((path, content) -> {
            String lower = path.toLowerCase();
            if (lower.endsWith(".drl")) {
                drl.put(path, new String(content, StandardCharsets.UTF_8));
            } else if (lower.endsWith(".drl.csv")) {
                drl.put(path, table(path, content, InputType.CSV));
            } else if (lower.endsWith(".drl.xls") || lower.endsWith(".drl.xlsx")) {
                refuseIgnoredSheets(path, content);
                drl.put(path, table(path, content, InputType.XLS));
            }
        });
        return drl;
    }

    /** A RuleTable on a sheet Drools does not read is a compile error at its cell, not a table silently dropped. */
    private void refuseIgnoredSheets(String path, byte[] workbook) {
        List<RuleMessage> ignored = TableCells.ignoredRuleTables(workbook).stream()
                .map(cell -> new RuleMessage(
                        path,
                        cell.row(),
                        cell.column(),
                        cell.label()
                                + ": Drools reads the first sheet of a workbook only; move this table there or into a"
                                + " workbook of its own"))
                .toList();
        if (!ignored.isEmpty()) {
            throw new RuleCompilationException(name, ignored);
        }
    }

    /** A decision table as DRL; a table Drools cannot read is a compile error at the cell it names. */
    private String table(String path, byte[] content, InputType type) {
        try {
            return new SpreadsheetCompiler().compile(new ByteArrayInputStream(content), type);
        } catch (DecisionTableParseException e) {
            String text = e.getMessage() == null
                    ? "the table cannot be read"
                    : e.getMessage().strip();
            Matcher cell = CELL.matcher(text);
            if (!cell.find()) {
                throw new RuleCompilationException(name, List.of(RuleMessage.of(path, text)));
            }
            int column = 0;
            for (char letter : cell.group(1).toCharArray()) {
                column = column * 26 + (letter - 'A' + 1);
            }
            int row = Integer.parseInt(cell.group(2));
            throw new RuleCompilationException(
                    name,
                    List.of(new RuleMessage(
                            path,
                            row,
                            column,
                            TableCells.read(path, content).cell(row, column).label() + ": " + text)));
        }
    }

    /** The cells of every decision table, by path, to report problems at the cell an analyst wrote. */
    public Map<String, TableCells> tableCells() {
        Map<String, TableCells> tables = new TreeMap<>();
        files.forEach((path, content) -> {
            if (isDecisionTable(path)) {
                tables.put(path, TableCells.read(path, content));
            }
        });
        return tables;
    }

    /** Whether {@code path} is a spreadsheet decision table. */
    public static boolean isDecisionTable(String path) {
        String lower = path.toLowerCase();
        return lower.endsWith(".drl.csv") || lower.endsWith(".drl.xls") || lower.endsWith(".drl.xlsx");
    }

    /** Content hash over every file's path and bytes, in path order: equal rule sets have equal hashes. */
    public String sha256() {
        return sha256(files);
    }

    /** Content hash over the path and bytes of each of {@code files}, in path order. */
    public static String sha256(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(files).forEach((path, content) -> {
                digest.update(path.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
