package dev.tailor.rules.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule Drools generated from a decision table row, with the cell it comes from (spreadsheet row, column with
 * A = 1; 0 when the DRL does not say), its attributes, its condition and the group memberships of the segments it
 * inserts.
 */
record TableRow(
        String name,
        int row,
        int column,
        int order,
        Map<String, String> attributes,
        Condition condition,
        List<Membership> memberships,
        boolean unconditionalActions) {

    /** A segment the row inserts into a Tailor group; the priority is empty when it is not a literal. */
    record Membership(String segment, String group, OptionalInt priority) {}

    /** Drools marks each rule it generates from a decision table with the cell its values come from. */
    private static final Pattern TABLE_CELL = Pattern.compile("rule values at ([A-Z]+)(\\d+)");

    private static final Pattern RULE = Pattern.compile("^rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern ATTRIBUTE = Pattern.compile("^([a-z][a-z-]*)\\s*(.*?)\\s*;?$");
    private static final String STRING = "\"((?:[^\"\\\\]|\\\\.)*)\"";
    private static final Pattern MEMBERSHIP = Pattern.compile("Segment\\s*\\.\\s*\\w+\\s*\\(\\s*" + STRING
            + "\\s*\\)\\s*\\.\\s*inGroup\\s*\\(\\s*" + STRING + "\\s*,\\s*([^(),]*?)\\s*\\)");
    /** The two-column form analysts use for a readable Segment and Priority: a variable, then its group. */
    private static final Pattern SEGMENT_VARIABLE = Pattern.compile(
            "Segment\\s+(\\w+)\\s*=\\s*Segment\\s*\\.\\s*\\w+" + "\\s*\\(\\s*" + STRING + "\\s*\\)\\s*;");

    private static final Pattern VARIABLE_IN_GROUP =
            Pattern.compile("\\b(\\w+)\\s*\\.\\s*inGroup\\s*\\(\\s*" + STRING + "\\s*,\\s*([^(),]*?)\\s*\\)");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    /** Actions a table row may guard; an insert under one of them may not happen. */
    private static final Pattern CONTROL_FLOW = Pattern.compile("\\b(?:if|else|for|while|switch|return)\\b|\\?");
    /** Attributes that can keep a rule from firing although it matches. */
    private static final Set<String> MAY_NOT_FIRE =
            Set.of("date-effective", "date-expires", "timer", "calendars", "duration");

    /** The rules of one generated DRL text, in the order Drools generated them (the table's row order). */
    static List<TableRow> parse(String drl) {
        List<TableRow> rows = new ArrayList<>();
        String[] lines = drl.split("\\R", -1);
        Matcher cell = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            Matcher comment = TABLE_CELL.matcher(line);
            if (line.startsWith("//") && comment.find()) {
                cell = comment;
                continue;
            }
            Matcher rule = RULE.matcher(line);
            if (!rule.find()) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            StringBuilder lhs = new StringBuilder();
            StringBuilder rhs = new StringBuilder();
            StringBuilder target = null;
            for (i++; i < lines.length && !lines[i].strip().equals("end"); i++) {
                String body = lines[i].strip();
                if (body.equals("when")) {
                    target = lhs;
                } else if (body.equals("then")) {
                    target = rhs;
                } else if (target != null) {
                    target.append(lines[i]).append('\n');
                } else {
                    Matcher attribute = ATTRIBUTE.matcher(body);
                    if (attribute.matches()) {
                        attributes.put(attribute.group(1), attribute.group(2));
                    }
                }
            }
            int row = cell == null ? 0 : Integer.parseInt(cell.group(2));
            int column = cell == null ? 0 : columnNumber(cell.group(1));
            rows.add(new TableRow(
                    rule.group(1),
                    row,
                    column,
                    rows.size(),
                    Map.copyOf(attributes),
                    Condition.ofLhs(lhs.toString()),
                    memberships(rhs.toString()),
                    !CONTROL_FLOW
                            .matcher(rhs.toString().replaceAll(STRING, "\"\""))
                            .find()));
            cell = null;
        }
        return rows;
    }

    private static int columnNumber(String letters) {
        int column = 0;
        for (char c : letters.toCharArray()) {
            column = column * 26 + (c - 'A' + 1);
        }
        return column;
    }

    private static OptionalInt priority(String text) {
        return INTEGER.matcher(text).matches() ? OptionalInt.of(Integer.parseInt(text)) : OptionalInt.empty();
    }

    private static List<Membership> memberships(String rhs) {
        List<Membership> memberships = new ArrayList<>();
        Matcher membership = MEMBERSHIP.matcher(rhs);
        while (membership.find()) {
            memberships.add(new Membership(membership.group(1), membership.group(2), priority(membership.group(3))));
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher declared = SEGMENT_VARIABLE.matcher(rhs);
        while (declared.find()) {
            variables.put(declared.group(1), declared.group(2));
        }
        Matcher grouped = VARIABLE_IN_GROUP.matcher(rhs);
        while (grouped.find()) {
            String segment = variables.get(grouped.group(1));
            if (segment != null) {
                memberships.add(new Membership(segment, grouped.group(2), priority(grouped.group(3))));
            }
        }
        return List.copyOf(memberships);
    }

    /** The salience Drools ranks this rule by (0 when not set), or empty when it is computed. */
    OptionalInt salience() {
        String salience = attributes.getOrDefault("salience", "0");
        return INTEGER.matcher(salience).matches() ? OptionalInt.of(Integer.parseInt(salience)) : OptionalInt.empty();
    }

    /** The value of a string attribute such as {@code activation-group "engagement"}, unquoted, or null. */
    String stringAttribute(String attribute) {
        String value = attributes.get(attribute);
        return value != null && value.matches(STRING) ? value.substring(1, value.length() - 1) : null;
    }

    /** Whether this rule fires whenever it matches and its agenda is reached. */
    boolean firesWhenMatched() {
        return attributes.keySet().stream().noneMatch(MAY_NOT_FIRE::contains)
                && attributes.getOrDefault("enabled", "true").equals("true");
    }

    /** Whether both rules sit on the same agenda, so that one matching means both get the chance to fire. */
    boolean sharesAgendaWith(TableRow other) {
        return Objects.equals(attributes.get("agenda-group"), other.attributes.get("agenda-group"))
                && Objects.equals(attributes.get("ruleflow-group"), other.attributes.get("ruleflow-group"));
    }

    /** How an analyst finds the row: {@code row 9 (EmailRegular)}. */
    String label() {
        return "row " + row + " (" + name + ")";
    }
}
