package dev.tailor.rules.sandbox;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Positions in DRL text: comments blanked out, offsets to lines and columns, generated DRL back to table cells. */
public final class DrlText {

    /** Drools marks each rule it generates from a decision table with the cell its values come from. */
    private static final Pattern TABLE_CELL = Pattern.compile("rule values at ([A-Z]+)(\\d+)");

    private DrlText() {}

    /** Blanks out comments but keeps every newline, so offsets still give the right line and column. */
    public static String withoutComments(String drl) {
        StringBuilder out = new StringBuilder(drl.length());
        boolean quoted = false;
        for (int i = 0; i < drl.length(); i++) {
            char c = drl.charAt(i);
            if (quoted) {
                out.append(c);
                if (c == '\\' && i + 1 < drl.length()) {
                    out.append(drl.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
                out.append(c);
            } else if (drl.startsWith("//", i) || (c == '#' && (i == 0 || drl.charAt(i - 1) == '\n'))) {
                while (i < drl.length() && drl.charAt(i) != '\n') {
                    out.append(' ');
                    i++;
                }
                if (i < drl.length()) {
                    out.append('\n');
                }
            } else if (drl.startsWith("/*", i)) {
                int end = drl.indexOf("*/", i + 2);
                end = end < 0 ? drl.length() : end + 2;
                for (; i < end; i++) {
                    out.append(drl.charAt(i) == '\n' ? '\n' : ' ');
                }
                i--;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The 1-based line and column of {@code offset} in {@code text}. */
    public static int[] lineAndColumn(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart + 1};
    }

    /**
     * The table cell (row, column, both 1-based) whose rule holds {@code line} of the DRL Drools generated from a
     * decision table: the nearest "rule values at" mark above it.
     */
    public static Optional<int[]> tableCell(String generated, int line) {
        String[] lines = generated.split("\n", -1);
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            Matcher cell = TABLE_CELL.matcher(lines[i]);
            if (cell.find()) {
                int column = 0;
                for (char c : cell.group(1).toCharArray()) {
                    column = column * 26 + (c - 'A' + 1);
                }
                return Optional.of(new int[] {Integer.parseInt(cell.group(2)), column});
            }
        }
        return Optional.empty();
    }
}
