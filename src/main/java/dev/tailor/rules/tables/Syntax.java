package dev.tailor.rules.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Just enough DRL/MVEL lexing to take generated rules apart: brackets and string literals are respected, nothing
 * else is understood.
 */
final class Syntax {

    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** {@code Window.days(30)} and an imported {@code days(30)} are the same call. */
    private static final Pattern WINDOW_PREFIX =
            Pattern.compile("(?<![\\w$.])(?:dev\\.tailor\\.facts\\.)?Window\\.(days|hours)\\(");

    private Syntax() {}

    /**
     * The text with everything inside string literals and inside brackets blanked out (the quotes and the outer
     * brackets stay), so that operators and separators found in it are top-level ones, at the same offsets.
     */
    static String topLevel(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length()) {
                    out.append("  ");
                    i++;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                    out.append(depth == 0 ? c : ' ');
                } else {
                    out.append(' ');
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    out.append(depth == 0 ? c : ' ');
                }
                case '(', '[', '{' -> {
                    out.append(depth == 0 ? c : ' ');
                    depth++;
                }
                case ')', ']', '}' -> {
                    depth = Math.max(0, depth - 1);
                    out.append(depth == 0 ? c : ' ');
                }
                default -> out.append(depth == 0 ? c : ' ');
            }
        }
        return out.toString();
    }

    /** The parts of {@code text} between top-level occurrences of {@code separator}, stripped, blanks dropped. */
    static List<String> split(String text, String separator) {
        String top = topLevel(text);
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int at = top.indexOf(separator); at >= 0; at = top.indexOf(separator, start)) {
            parts.add(text.substring(start, at).strip());
            start = at + separator.length();
        }
        parts.add(text.substring(start).strip());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    /** Index of the bracket closing the one at {@code open}, or -1 when it is not closed. */
    static int closing(String text, int open) {
        String top = topLevel(text.substring(open));
        int close = top.indexOf(')', 1);
        // topLevel keeps only the outermost brackets, so the first ")" after ours closes it
        return close < 0 ? -1 : open + close;
    }

    /** {@code ((x > 1))} as {@code x > 1}. */
    static String withoutOuterParentheses(String text) {
        String current = text.strip();
        while (current.startsWith("(") && closing(current, 0) == current.length() - 1) {
            current = current.substring(1, current.length() - 1).strip();
        }
        return current;
    }

    /**
     * One spelling per expression, so that two rows' constraints on the same fact compare equal: whitespace is
     * dropped outside string literals (kept as one space between two words) and the {@code Window.} prefix of a
     * window goes.
     */
    static String canonical(String expression) {
        StringBuilder out = new StringBuilder();
        StringBuilder code = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quoted) {
                out.append(c);
                if (c == '\\' && i + 1 < expression.length()) {
                    out.append(expression.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                out.append(canonicalCode(code.toString()));
                code.setLength(0);
                out.append(c);
                quoted = true;
            } else {
                code.append(c);
            }
        }
        return out.append(canonicalCode(code.toString())).toString().strip();
    }

    private static String canonicalCode(String code) {
        String spaced = SPACES.matcher(code).replaceAll(" ");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spaced.length(); i++) {
            char c = spaced.charAt(i);
            if (c == ' ') {
                boolean between = i > 0
                        && i + 1 < spaced.length()
                        && isWordChar(spaced.charAt(i - 1))
                        && isWordChar(spaced.charAt(i + 1));
                if (!between) {
                    continue;
                }
            }
            out.append(c);
        }
        return WINDOW_PREFIX.matcher(out).replaceAll("$1(");
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
