package dev.tailor.rules;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The spreadsheets of the golden corpus, as text: {@link #main} writes them as the {@code .drl.xlsx} files committed
 * under src/test/resources/rules/golden (run it after changing a table here), and {@code GoldenCorpusTest} checks
 * that the committed files still hold exactly these cells. Each workbook has its rules on a sheet named "Rules"
 * (Drools reads the first sheet only) and an "About" sheet after it, so that a message must name its sheet.
 */
public final class GoldenTables {

    static final Path CORPUS = Path.of("src", "test", "resources", "rules", "golden");
    static final String SHEET = "Rules";

    private static final List<String> HEAD = List.of(
            "RuleSet|tailor.golden",
            "Import|dev.tailor.facts.Customer, dev.tailor.facts.Window, dev.tailor.rules.Segment",
            "",
            "RuleTable Engagement");

    private GoldenTables() {}

    /** Case folder to the rows of its "Rules" sheet, cells separated by "|". */
    static Map<String, List<String>> tables() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        tables.put(
                "xlsx-missing-method-code-cell",
                rules(
                        "NAME|CONDITION|CONDITION|ACTION",
                        "|Customer|Customer|",
                        "|count(\"Email Opened\", Window.days(30)) >= $param|loyaltyYears() >= $param"
                                + "|insert(Segment.marketing(\"$param\"));",
                        "Rule|Opens at least|Loyal for years|Segment",
                        "Regular|3|1|regular",
                        "Fan|10|2|fan"));
        tables.put(
                "xlsx-wrong-type-value",
                rules(
                        "NAME|CONDITION|ACTION",
                        "|Customer|",
                        "|count(\"Email Opened\", Window.days(30)) >= $param|insert(Segment.marketing(\"$param\"));",
                        "Rule|Opens at least|Segment",
                        "Regular|3|regular",
                        "SuperFan|10|super_fan",
                        "Fan|a few|fan"));
        tables.put(
                "xlsx-code-without-header",
                rules(
                        "NAME|CONDITION|ACTION",
                        "|Customer||",
                        "|count(\"Email Opened\", Window.days(30)) >= $param|insert(Segment.marketing(\"$param\"));"
                                + "|insert(Segment.marketing(\"also_$param\"));",
                        "Rule|Opens at least|Segment|Also",
                        "Regular|3|regular|engaged"));
        tables.put(
                "xlsx-forbidden-call",
                rules(
                        "NAME|CONDITION|ACTION",
                        "|Customer|",
                        "|count(\"Email Opened\", Window.days(30)) >= $param"
                                + "|insert(Segment.marketing(\"$param\")); System.gc();",
                        "Rule|Opens at least|Segment",
                        "Regular|3|regular"));
        tables.put(
                "xlsx-table-on-second-sheet",
                rules(
                        "NAME|CONDITION|ACTION",
                        "|Customer|",
                        "|count(\"Email Opened\", Window.days(30)) >= $param|insert(Segment.marketing(\"$param\"));",
                        "Rule|Opens at least|Segment",
                        "Regular|3|regular"));
        return tables;
    }

    /** Case folder to the rows of a second sheet, "More rules", which Drools does not read. */
    static Map<String, List<String>> secondSheets() {
        return Map.of(
                "xlsx-table-on-second-sheet",
                List.of(
                        "RuleTable Fans",
                        "NAME|CONDITION|ACTION",
                        "|Customer|",
                        "|count(\"Email Opened\", Window.days(30)) >= $param|insert(Segment.marketing(\"$param\"));",
                        "Rule|Opens at least|Segment",
                        "Fan|10|fan"));
    }

    private static List<String> rules(String... table) {
        List<String> rows = new java.util.ArrayList<>(HEAD);
        rows.addAll(List.of(table));
        return rows;
    }

    private static void write(Sheet sheet, List<String> rows) {
        for (int r = 0; r < rows.size(); r++) {
            Row row = sheet.createRow(r);
            String[] cells = rows.get(r).split("\\|", -1);
            for (int c = 0; c < cells.length; c++) {
                if (!cells[c].isEmpty()) {
                    row.createCell(c).setCellValue(cells[c]);
                }
            }
        }
    }

    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, List<String>> table : tables().entrySet()) {
            Path file = CORPUS.resolve(table.getKey()).resolve("engagement.drl.xlsx");
            Files.createDirectories(file.getParent());
            try (XSSFWorkbook workbook = new XSSFWorkbook();
                    OutputStream out = Files.newOutputStream(file)) {
                write(workbook.createSheet(SHEET), table.getValue());
                List<String> second = secondSheets().get(table.getKey());
                if (second != null) {
                    write(workbook.createSheet("More rules"), second);
                }
                workbook.createSheet("About")
                        .createRow(0)
                        .createCell(0)
                        .setCellValue("Engagement tiers of the golden corpus; the rules are on the first sheet.");
                workbook.write(out);
            }
        }
    }
}
