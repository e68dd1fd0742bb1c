package dev.tailor.rules.sandbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Positions in DRL text: comments blanked out, offsets to lines and columns, offsets of words and patterns. */
public final class DrlText {

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

    /** As {@link #withoutComments}, with the contents of string literals blanked too (their quotes kept). */
    public static String codeOnly(String drl) {
        String code = withoutComments(drl);
        StringBuilder out = new StringBuilder(code.length());
        boolean quoted = false;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quoted && c == '\\' && i + 1 < code.length()) {
                out.append("  ");
                i++;
            } else if (c == '"') {
                quoted = !quoted;
                out.append(c);
            } else {
                out.append(quoted && c != '\n' ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** The offset of the first match of {@code regex} in {@code text} between {@code from} and {@code to}, or -1. */
    public static int find(String text, String regex, int from, int to) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        matcher.region(Math.max(0, Math.min(from, text.length())), Math.max(0, Math.min(to, text.length())));
        return matcher.find() ? matcher.start() : -1;
    }

    /** The offset of the first word {@code word} (not part of a longer name) in that range, or -1. */
    public static int findWord(String text, String word, int from, int to) {
        return find(text, "(?<![\\w$])" + Pattern.quote(word) + "(?![\\w$])", from, to);
    }

    /** The offset where 1-based {@code line} starts, or the text's length. */
    public static int lineStart(String text, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int next = text.indexOf('\n', offset);
            if (next < 0) {
                return text.length();
            }
            offset = next + 1;
        }
        return offset;
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
}
