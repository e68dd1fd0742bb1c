package dev.tailor.rules.tables;

import dev.tailor.rules.tables.Domain.Range;
import dev.tailor.rules.tables.Domain.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a generated rule asks of the customer: the conjunction of the constraints of its {@code Customer(...)}
 * patterns, as a domain per expression, plus the constraints that could not be read. Only comparisons of an
 * expression with a number and equalities with a literal are read; anything else is kept as opaque text, which
 * makes every claim about the rule's matches unprovable rather than wrong.
 */
final class Condition {

    /** How two conditions can meet. */
    enum Overlap {
        NONE,
        POSSIBLE,
        CERTAIN
    }

    private enum Kind {
        NUMBER,
        LITERAL
    }

    private record Key(Kind kind, String expression) {}

    private static final Pattern PATTERN_START = Pattern.compile("(?:\\$[\\w$]*\\s*:\\s*)?([\\w$.]+)\\s*\\(");
    private static final Pattern NUMBER =
            Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?[lLdDfFbBiI]?");
    private static final Pattern LITERAL = Pattern.compile("true|false|null|\"(?:[^\"\\\\]|\\\\.)*\"");
    /** A field or a call chain such as {@code did("Order Completed", days(90))}, once brackets are blanked. */
    private static final Pattern TERM =
            Pattern.compile("[A-Za-z_$][\\w$]*(?:\\(\\s*\\))?(?:\\s*\\.\\s*[A-Za-z_$][\\w$]*(?:\\(\\s*\\))?)*");
    /** Two operands side by side: a word operator such as matches, in or contains that is not read. */
    private static final Pattern WORD_OPERATOR = Pattern.compile("[\\w$)\\]\"]\\s+[\\w$(\"]");
    /** The fact API's counts are whole numbers, which lets "> 9" and ">= 10" be recognised as one constraint. */
    private static final Pattern COUNT = Pattern.compile("(?:count|countEver)\\(\\s*\\)");

    private static final List<String> OPERATORS = List.of(">=", "<=", "==", "!=", ">", "<");

    private final Map<Key, Domain> domains;
    private final List<String> opaque;
    /** False when the rule has more than Customer patterns (other facts, not, or, eval...). */
    private final boolean customerOnly;

    private Condition(Map<Key, Domain> domains, List<String> opaque, boolean customerOnly) {
        this.domains = domains;
        this.opaque = opaque;
        this.customerOnly = customerOnly;
    }

    /** The condition of a rule's left-hand side, as Drools generates it from a table row. */
    static Condition ofLhs(String lhs) {
        List<String> constraints = new ArrayList<>();
        int at = 0;
        while (true) {
            while (at < lhs.length() && Character.isWhitespace(lhs.charAt(at))) {
                at++;
            }
            if (at == lhs.length()) {
                return of(constraints);
            }
            Matcher pattern = PATTERN_START.matcher(lhs).region(at, lhs.length());
            if (!pattern.lookingAt() || !isCustomer(pattern.group(1))) {
                return new Condition(Map.of(), List.of(lhs.strip()), false);
            }
            int open = pattern.end() - 1;
            int close = Syntax.closing(lhs, open);
            if (close < 0) {
                return new Condition(Map.of(), List.of(lhs.strip()), false);
            }
            constraints.addAll(Syntax.split(lhs.substring(open + 1, close), ","));
            at = close + 1;
        }
    }

    private static boolean isCustomer(String type) {
        return type.equals("Customer") || type.endsWith(".Customer");
    }

    /** The conjunction of pattern constraints, as written between the brackets of {@code Customer(...)}. */
    static Condition of(List<String> constraints) {
        Map<Key, Domain> domains = new HashMap<>();
        List<String> opaque = new ArrayList<>();
        for (String part :
                constraints.stream().flatMap(c -> conjuncts(c).stream()).toList()) {
            Map.Entry<Key, Domain> read = read(part);
            if (read == null) {
                opaque.add(part);
            } else {
                domains.merge(read.getKey(), read.getValue(), Domain::intersect);
            }
        }
        return new Condition(Map.copyOf(domains), List.copyOf(opaque), true);
    }

    /** {@code (a && (b && c))} as a, b, c; && binds tighter than ||, so a top-level || keeps its constraint whole. */
    private static List<String> conjuncts(String constraint) {
        String bare = Syntax.withoutOuterParentheses(constraint);
        List<String> parts = Syntax.split(bare, "&&");
        if (Syntax.topLevel(bare).contains("||") || parts.size() < 2) {
            return List.of(bare);
        }
        return parts.stream().flatMap(part -> conjuncts(part).stream()).toList();
    }

    /** One constraint as an expression's domain, or null when it is not a form this class reads. */
    private static Map.Entry<Key, Domain> read(String constraint) {
        String top = Syntax.topLevel(constraint);
        if (top.contains("||") || top.contains("&&") || top.contains("?")) {
            return null;
        }
        List<Integer> positions = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < top.length(); i++) {
            for (String op : OPERATORS) {
                if (top.startsWith(op, i)) {
                    positions.add(i);
                    found.add(op);
                    i += op.length() - 1;
                    break;
                }
            }
        }
        if (found.isEmpty()) {
            if (top.startsWith("!")) {
                String negated = constraint.substring(1).strip();
                return isTerm(negated) ? Map.entry(literalKey(negated), Values.only("false")) : null;
            }
            return isTerm(constraint) ? Map.entry(literalKey(constraint), Values.only("true")) : null;
        }
        String op = found.get(0);
        String rest = top.substring(0, positions.get(0)) + top.substring(positions.get(0) + op.length());
        if (found.size() != 1 || rest.chars().anyMatch(c -> "=!<>:".indexOf(c) >= 0)) {
            return null; // a negation, a binding or a second comparison: precedence would matter
        }
        String left = constraint.substring(0, positions.get(0)).strip();
        String right = constraint.substring(positions.get(0) + op.length()).strip();
        if (NUMBER.matcher(right).matches() && isExpression(left)) {
            return numeric(left, op, right);
        }
        if (NUMBER.matcher(left).matches() && isExpression(right)) {
            return numeric(right, mirrored(op), left);
        }
        if ((op.equals("==") || op.equals("!=")) && LITERAL.matcher(right).matches() && isExpression(left)) {
            return Map.entry(literalKey(left), op.equals("==") ? Values.only(right) : Values.allBut(right));
        }
        return null;
    }

    private static Map.Entry<Key, Domain> numeric(String expression, String op, String number) {
        Key key = new Key(Kind.NUMBER, Syntax.canonical(expression));
        double value = Double.parseDouble(number.replaceAll("[lLdDfFbBiI]$", ""));
        return Map.entry(key, Range.compare(op, value, isCount(key)));
    }

    private static Key literalKey(String expression) {
        return new Key(Kind.LITERAL, Syntax.canonical(expression));
    }

    private static boolean isCount(Key key) {
        return key.kind() == Kind.NUMBER
                && COUNT.matcher(Syntax.topLevel(key.expression())).matches();
    }

    private static boolean isTerm(String text) {
        return !text.isEmpty() && TERM.matcher(Syntax.topLevel(text)).matches();
    }

    /** An operand made of terms and arithmetic, without a word operator the comparison would hide. */
    private static boolean isExpression(String text) {
        String top = Syntax.topLevel(text);
        return !text.isEmpty()
                && !NUMBER.matcher(text).matches()
                && !LITERAL.matcher(text).matches()
                && !WORD_OPERATOR.matcher(top).find()
                && top.chars().noneMatch(c -> c == '"');
    }

    private static String mirrored(String op) {
        return switch (op) {
            case ">=" -> "<=";
            case ">" -> "<";
            case "<=" -> ">=";
            case "<" -> ">";
            default -> op;
        };
    }

    private static Domain all(Key key) {
        return key.kind() == Kind.NUMBER ? Range.all(isCount(key)) : Values.all();
    }

    /** Whether the rule's patterns are all read, so that claims about when it matches can be proven. */
    boolean isReadable() {
        return customerOnly && opaque.isEmpty();
    }

    /**
     * Whether this condition holding proves that {@code other} holds too. Constraints of this condition that could
     * not be read only narrow it, so they do not stand in the way; those of {@code other} do.
     */
    boolean implies(Condition other) {
        if (!customerOnly || !other.isReadable() || domains.values().stream().anyMatch(Domain::isEmpty)) {
            return false; // a row that can never match is another problem, not a shadowed one
        }
        return other.domains.entrySet().stream()
                .allMatch(e -> domains.getOrDefault(e.getKey(), all(e.getKey())).within(e.getValue()));
    }

    /** Whether one customer can meet both conditions: certainly, possibly (unread constraints), or never. */
    Overlap overlap(Condition other) {
        if (!customerOnly || !other.customerOnly) {
            return Overlap.POSSIBLE;
        }
        Set<Key> keys = new HashSet<>(domains.keySet());
        keys.addAll(other.domains.keySet());
        for (Key key : keys) {
            Domain both = domains.getOrDefault(key, all(key)).intersect(other.domains.getOrDefault(key, all(key)));
            if (both.isEmpty()) {
                return Overlap.NONE;
            }
        }
        return opaque.isEmpty() && other.opaque.isEmpty() ? Overlap.CERTAIN : Overlap.POSSIBLE;
    }
}
