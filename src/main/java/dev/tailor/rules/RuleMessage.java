package dev.tailor.rules;

/** One compiler message, located in a rule file; line and column are 0 when Drools gives none. */
public record RuleMessage(String file, int line, int column, String text) {

    public static RuleMessage of(String file, String text) {
        return new RuleMessage(file, 0, 0, text);
    }

    /** The {@code file:line:col: message} form editors and CI logs understand. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + text;
    }
}
