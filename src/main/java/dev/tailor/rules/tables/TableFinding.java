package dev.tailor.rules.tables;

import dev.tailor.rules.RuleMessage;

/**
 * Something a decision table's analyst should know about one of its rows, located at the row's first cell:
 * {@code file} is the table's path, {@code row} the spreadsheet row and {@code column} the spreadsheet column
 * (A = 1); both are 0 when the generated DRL does not say where a rule came from.
 */
public record TableFinding(String file, int row, int column, Severity severity, String text) {

    /** ERROR: a row that can never fire or never win. WARNING: rows that compete, which the group resolves. */
    public enum Severity {
        ERROR,
        WARNING
    }

    /** As a compiler message at the same place, for the callers that report those. */
    public RuleMessage toRuleMessage() {
        return new RuleMessage(file, row, column, severity.name().toLowerCase() + ": " + text);
    }

    /** The {@code file:line:col: severity: message} form editors and CI logs understand. */
    @Override
    public String toString() {
        return toRuleMessage().toString();
    }
}
