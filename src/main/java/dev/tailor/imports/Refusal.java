package dev.tailor.imports;

/**
 * One refused line of an imported file.
 *
 * @param line its line number in the file (the header is line 1 of a CSV file)
 * @param field the offending column (CSV, as named in the file) or JSON field (NDJSON)
 * @param detail what is wrong with it
 */
public record Refusal(long line, String field, String detail) {}
