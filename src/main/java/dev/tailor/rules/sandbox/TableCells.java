package dev.tailor.rules.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.InputType;
import org.drools.template.parser.DataListener;

/**
 * A decision table's cells as Drools reads them (the first sheet of a workbook, as Drools compiles only that one),
 * so that a problem found in the DRL Drools generates from the table can be reported at the cell an analyst wrote:
 * the row's value when the offending text comes from it, else the column's code or object-type cell.
 */
public final class TableCells {

    /**
     * A cell, both numbers 1-based (column A = 1); {@code sheet} is null for a CSV table. {@code shared} marks a
     * cell every row of its table uses (a column's code or object type), so that a problem there is one cause
     * however many rows show it.
     */
    public record Cell(String sheet, int row, int column, boolean shared) {

        /** "sheet Rules cell C8", or "cell C8" in a CSV table. */
        public String label() {
            return (sheet == null ? "" : "sheet " + sheet + " ") + "cell " + letters(column) + row;
        }
    }

    /** Drools marks each rule it generates with the row its values come from and its table's header cell. */
    private static final Pattern RULE_MARK =
            Pattern.compile("rule values at ([A-Z]+)(\\d+)(?:, header at ([A-Z]+)(\\d+))?");

    private static final Pattern PARAMETER = Pattern.compile("\\$(?:param|\\d+)");
    private static final Pattern KEYWORD = Pattern.compile("(?i)(?:CONDITION|ACTION|C|A)\\b.*");

    private final String sheet;
    /** Row, then column, both 1-based, to the cell's text. */
    private final Map<Integer, Map<Integer, String>> cells;

    private TableCells(String sheet, Map<Integer, Map<Integer, String>> cells) {
        this.sheet = sheet;
        this.cells = cells;
    }

    /** The cells of the table at {@code path}; a table Drools cannot read has none. */
    public static TableCells read(String path, byte[] content) {
        boolean csv = path.toLowerCase().endsWith(".csv");
        Listener listener = new Listener();
        try {
            (csv ? InputType.CSV : InputType.XLS).createParser(listener).parseFile(new ByteArrayInputStream(content));
        } catch (RuntimeException e) {
            // Reported by the compile, which reads the table the same way.
        }
        return new TableCells(csv ? null : firstSheet(content), listener.cells);
    }

    /**
     * "RuleTable" cells on the sheets after a workbook's first, which Drools never reads: a table there would drop
     * out of the rule set without a word.
     */
    public static List<Cell> ignoredRuleTables(byte[] workbook) {
        List<Cell> ignored = new ArrayList<>();
        DataFormatter formatter = new DataFormatter();
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(workbook))) {
            for (int s = 1; s < book.getNumberOfSheets(); s++) {
                for (Row row : book.getSheetAt(s)) {
                    for (org.apache.poi.ss.usermodel.Cell cell : row) {
                        if (formatter.formatCellValue(cell).strip().startsWith("RuleTable")) {
                            ignored.add(new Cell(
                                    book.getSheetName(s), row.getRowNum() + 1, cell.getColumnIndex() + 1, true));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable: the compile reports it.
        }
        return ignored;
    }

    /** The name of a workbook's first sheet, the one Drools reads (its parser does not say). */
    private static String firstSheet(byte[] content) {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            return workbook.getNumberOfSheets() == 0 ? null : workbook.getSheetName(0);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The cell of {@code column} in {@code row}, for messages that name only a row (a rule). */
    public Cell cell(int row, int column) {
        return new Cell(sheet, row, column, false);
    }

    /**
     * The cell that a problem at {@code line} (1-based) of the generated DRL comes from; {@code token} is the
     * offending text when known, else the word at {@code column} (1-based, 0 when unknown) of that line.
     */
    public Optional<Cell> locate(String generated, int line, int column, String token) {
        String[] lines = generated.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return Optional.empty();
        }
        Matcher mark = null;
        for (int i = line - 1; i >= 0 && mark == null; i--) {
            Matcher found = RULE_MARK.matcher(lines[i]);
            if (found.find()) {
                mark = found;
            }
        }
        if (mark == null) {
            return header(lines[line - 1], token != null ? token : wordAt(lines[line - 1], column));
        }
        int row = Integer.parseInt(mark.group(2));
        Cell first = new Cell(sheet, row, number(mark.group(1)), false);
        if (mark.group(4) == null) {
            return Optional.of(first);
        }
        int header = Integer.parseInt(mark.group(4));
        String text = lines[line - 1];
        String offending = token != null ? token : wordAt(text, column);
        List<Integer> columns = new ArrayList<>();
        cells.getOrDefault(header + 1, Map.of()).forEach((c, keyword) -> {
            if (KEYWORD.matcher(keyword.strip()).matches() && !value(row, c).isEmpty()) {
                columns.add(c);
            }
        });
        List<Integer> matching = columns.stream()
                .filter(c -> rendersInto(text, value(header + 2, c), value(header + 3, c)))
                .toList();
        List<Integer> candidates = matching.isEmpty() ? columns : matching;
        if (offending != null && !offending.isBlank()) {
            for (int c : candidates) {
                if (value(row, c).contains(offending)) {
                    return Optional.of(new Cell(sheet, row, c, false));
                }
            }
            for (int c : candidates) {
                if (value(header + 3, c).contains(offending)) {
                    return Optional.of(new Cell(sheet, header + 3, c, true));
                }
                if (value(header + 2, c).strip().equals(offending)) {
                    return Optional.of(new Cell(sheet, header + 2, c, true));
                }
            }
        }
        return matching.isEmpty() ? Optional.of(first) : Optional.of(new Cell(sheet, row, matching.get(0), false));
    }

    /** The first cell, row by row, whose text contains {@code text}. */
    public Optional<Cell> containing(String text) {
        for (Map.Entry<Integer, Map<Integer, String>> row : cells.entrySet()) {
            for (Map.Entry<Integer, String> cell : row.getValue().entrySet()) {
                if (cell.getValue().contains(text)) {
                    return Optional.of(new Cell(sheet, row.getKey(), cell.getKey(), true));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A problem in the DRL before the first rule (the package, imports, functions): the settings cell (beside
     * "Import", "Functions", ...) holding its offending text.
     */
    private Optional<Cell> header(String line, String token) {
        String imported = line.strip().startsWith("import ")
                ? line.strip().substring(7).replace(";", "").strip()
                : token;
        return imported == null || imported.isBlank() ? Optional.empty() : containing(imported);
    }

    /** Whether a column with this object type and code can have produced {@code line}. */
    private static boolean rendersInto(String line, String objectType, String code) {
        if (!objectType.isBlank() && line.contains(objectType.strip() + "(")) {
            return code.isBlank() || fragments(code).stream().allMatch(line::contains);
        }
        return !code.isBlank() && fragments(code).stream().allMatch(line::contains);
    }

    private static List<String> fragments(String code) {
        return PARAMETER
                .splitAsStream(code)
                .map(String::strip)
                .filter(f -> !f.isEmpty())
                .toList();
    }

    private String value(int row, int column) {
        return cells.getOrDefault(row, Map.of()).getOrDefault(column, "");
    }

    /** The identifier, or run of other non-blank characters, at {@code column} (1-based) of {@code line}. */
    static String wordAt(String line, int column) {
        if (column < 1 || column > line.length()) {
            return null;
        }
        int at = column - 1;
        boolean word = Character.isJavaIdentifierPart(line.charAt(at));
        int start = at;
        int end = at;
        while (start > 0 && same(line.charAt(start - 1), word)) {
            start--;
        }
        while (end < line.length() && same(line.charAt(end), word)) {
            end++;
        }
        return line.substring(start, end);
    }

    private static boolean same(char c, boolean word) {
        return word
                ? Character.isJavaIdentifierPart(c)
                : !Character.isWhitespace(c) && !Character.isJavaIdentifierPart(c) && c != '(' && c != ')';
    }

    private static int number(String letters) {
        int column = 0;
        for (char letter : letters.toCharArray()) {
            column = column * 26 + (letter - 'A' + 1);
        }
        return column;
    }

    /** "C" for 3, "AA" for 27. */
    static String letters(int column) {
        StringBuilder letters = new StringBuilder();
        for (int c = column; c > 0; c = (c - 1) / 26) {
            letters.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return letters.toString();
    }

    /** Collects the cells of the sheet Drools reads. */
    private static final class Listener implements DataListener {

        private final Map<Integer, Map<Integer, String>> cells = new TreeMap<>();

        @Override
        public void startSheet(String name) {}

        @Override
        public void finishSheet() {}

        @Override
        public void newRow(int rowNumber, int columns) {}

        @Override
        public void newCell(int row, int column, String value, int mergedColumnId) {
            if (value != null && !value.isBlank()) {
                cells.computeIfAbsent(row + 1, r -> new TreeMap<>()).put(column + 1, value);
            }
        }
    }
}
