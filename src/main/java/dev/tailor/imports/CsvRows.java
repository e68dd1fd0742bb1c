package dev.tailor.imports;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailor.shared.error.InvalidRequestException;
import dev.tailor.shared.error.Problem.FieldError;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV with a header row; each row becomes one call. Columns are named by the header, or renamed by the import's
 * column mapping: {@code user_id} (or {@code userId}), {@code anonymous_id}, {@code message_id}, {@code timestamp}
 * and, for events, {@code event} fill the call's own fields; every other column is a trait (customers) or a
 * property (events). Values are typed: numbers written as numbers (no leading zero, no plus sign) become numbers,
 * {@code true} and {@code false} booleans, anything else stays text; an empty cell sets nothing.
 */
final class CsvRows implements RowSource {

    private static final Map<String, String> CALL_FIELDS = Map.of(
            "user_id",
            "userId",
            "userId",
            "userId",
            "anonymous_id",
            "anonymousId",
            "anonymousId",
            "anonymousId",
            "message_id",
            "messageId",
            "messageId",
            "messageId",
            "timestamp",
            "timestamp",
            "event",
            "event");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final ImportKind kind;
    /** Per column: the call field it fills, or the trait or property it becomes. */
    private final List<String> targets = new ArrayList<>();

    private final List<Boolean> ownField = new ArrayList<>();
    /** A call field to the column that fills it, as the file names it: errors name what the sender can find. */
    private final Map<String, String> columnOf = new HashMap<>();
    /** A trait or property ({@code traits.plan}, {@code properties.revenue}) to the column that fills it. */
    private final Map<String, String> columnOfAttribute = new HashMap<>();

    private final int columns;
    private long lineAfterPrevious;

    /**
     * Reads the header at once.
     *
     * @param mapping file column to call field, trait or property ({@code ?map=Email:email,Customer No:user_id})
     * @throws InvalidRequestException naming {@code body}, {@code map} or the missing column when the header
     *     cannot make calls of {@code kind}
     */
    CsvRows(Reader file, ImportKind kind, Map<String, String> mapping) throws IOException {
        this.kind = kind;
        this.parser = CSVFormat.RFC4180
                .builder()
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get()
                .parse(file);
        this.records = parser.iterator();
        if (!records.hasNext()) {
            throw new InvalidRequestException("body", "is empty; expected a header row");
        }
        CSVRecord header = records.next();
        lineAfterPrevious = parser.getCurrentLineNumber();
        columns = header.size();
        Map<String, String> unused = new HashMap<>(mapping);
        for (int i = 0; i < columns; i++) {
            // Spreadsheets often start a UTF-8 file with a byte-order mark.
            String column = i == 0 ? header.get(i).replace("\uFEFF", "") : header.get(i);
            unused.remove(column);
            String name = mapping.getOrDefault(column, column);
            String field = CALL_FIELDS.get(name);
            boolean own = field != null && (!"event".equals(field) || kind == ImportKind.EVENTS);
            String target = own ? field : name;
            if (targets.contains(target)) {
                throw new InvalidRequestException("header", "two columns fill " + target);
            }
            targets.add(target);
            ownField.add(own);
            if (own) {
                columnOf.put(field, column);
            } else {
                columnOfAttribute.put((kind == ImportKind.CUSTOMERS ? "traits." : "properties.") + name, column);
            }
        }
        if (!unused.isEmpty()) {
            throw new InvalidRequestException(
                    "map",
                    "names columns the header does not have: " + String.join(", ", new TreeMap<>(unused).keySet()));
        }
        if (!columnOf.containsKey("userId") && !columnOf.containsKey("anonymousId")) {
            throw new InvalidRequestException("user_id", "a user_id (or anonymous_id) column is required");
        }
        if (kind == ImportKind.EVENTS && !columnOf.containsKey("event")) {
            throw new InvalidRequestException("event", "an event column is required in an events file");
        }
    }

    @Override
    public ImportRow next() throws IOException {
        if (!records.hasNext()) {
            return null;
        }
        CSVRecord record = records.next();
        long line = lineAfterPrevious + 1;
        lineAfterPrevious = parser.getCurrentLineNumber();
        // Sorted by name, so that the same row in another column order gets the same messageId.
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < Math.min(record.size(), columns); i++) {
            values.put(targets.get(i), record.get(i));
        }
        ObjectNode call = NODES.objectNode();
        call.put("type", kind.callType());
        ObjectNode attributes = call.putObject(kind == ImportKind.CUSTOMERS ? "traits" : "properties");
        // A row of the wrong length is still made into what it would say, so that its dead letter reads as a call.
        for (int i = 0; i < Math.min(record.size(), columns); i++) {
            String value = record.get(i);
            if (value.isEmpty()) {
                continue;
            }
            if (ownField.get(i)) {
                call.put(targets.get(i), value);
            } else {
                attributes.set(targets.get(i), typed(value));
            }
        }
        List<FieldError> errors = record.size() == columns
                ? List.of()
                : List.of(new FieldError(
                        "line", "has " + record.size() + " values; the header has " + columns + " columns"));
        return new ImportRow(line, call, values.toString(), errors);
    }

    @Override
    public String fieldInFile(FieldError error) {
        String field = error.field();
        if (columnOfAttribute.containsKey(field)) {
            return columnOfAttribute.get(field);
        }
        return columnOf.getOrDefault(field, "userId".equals(field) ? "user_id" : field);
    }

    /**
     * A cell as the JSON value it stands for. A number a 64-bit float cannot hold ({@code 1e400}, or an exponent
     * beyond what {@link BigDecimal} takes) becomes an infinite one, which the checks of every call then refuse naming
     * its column: it must never end the whole import.
     */
    static com.fasterxml.jackson.databind.JsonNode typed(String value) {
        if ("true".equals(value) || "false".equals(value)) {
            return NODES.booleanNode(Boolean.parseBoolean(value));
        }
        if (NUMBER.matcher(value).matches()) {
            if (value.indexOf('.') < 0 && value.indexOf('e') < 0 && value.indexOf('E') < 0) {
                try {
                    return NODES.numberNode(new BigDecimal(value).longValueExact());
                } catch (ArithmeticException tooLarge) {
                    return NODES.textNode(value);
                }
            }
            return NODES.numberNode(Double.parseDouble(value));
        }
        return NODES.textNode(value);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
