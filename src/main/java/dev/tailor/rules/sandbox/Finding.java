package dev.tailor.rules.sandbox;

/**
 * A forbidden reference, located in a rule file (for a decision table: in the DRL generated from it); line and
 * column are 1-based, 0 when unknown.
 */
public record Finding(String file, int line, int column, String text) {}
