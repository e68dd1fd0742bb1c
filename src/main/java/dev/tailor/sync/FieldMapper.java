package dev.tailor.sync;

import dev.tailor.shared.error.InvalidRequestException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Words a decision in a destination's vocabulary: its field names, types and date formats. */
public final class FieldMapper {

    private static final Set<String> TYPES = Set.of("string", "number", "boolean", "list", "date");
    private static final Set<String> ESCAPES = Set.of("html", "none");

    private FieldMapper() {}

    /** Refuses a mapping that cannot work, naming the offending entry's field ({@code mapping[2].format}). */
    public static void validate(List<FieldMapping> mapping) {
        for (int i = 0; i < mapping.size(); i++) {
            FieldMapping field = mapping.get(i);
            String at = "mapping[" + i + "].";
            if (field == null) {
                throw new InvalidRequestException("mapping[" + i + "]", "must be an object");
            }
            String source = field.source() == null ? "" : field.source();
            if (!(source.startsWith("variable:") && source.length() > 9
                    || source.startsWith("segment:") && source.length() > 8
                    || Set.of("segments", "ruleSet", "revision", "degraded").contains(source))) {
                throw new InvalidRequestException(
                        at + "source",
                        "must be variable:<name>, segment:<name>, segments, ruleSet, revision or degraded");
            }
            if (field.target() == null || field.target().isBlank()) {
                throw new InvalidRequestException(at + "target", "must name the field at the destination");
            }
            if (field.type() != null && !TYPES.contains(field.type())) {
                throw new InvalidRequestException(at + "type", "must be one of " + TYPES);
            }
            if (field.escape() != null && !ESCAPES.contains(field.escape())) {
                throw new InvalidRequestException(at + "escape", "must be one of " + ESCAPES);
            }
            if ("date".equals(field.type())
                    && field.format() != null
                    && !Set.of("iso", "epoch_seconds", "epoch_millis").contains(field.format())) {
                try {
                    DateTimeFormatter.ofPattern(field.format());
                } catch (IllegalArgumentException e) {
                    throw new InvalidRequestException(at + "format", "is not a date pattern: " + e.getMessage());
                }
            }
        }
    }

    /** What a mapping reads from: the parts of a decision. */
    public record Decided(
            List<String> segments, Map<String, Object> variables, String ruleSet, long revision, boolean degraded) {}

    /** The decision as the destination names it; a value that is missing or cannot be converted is null. */
    public static Map<String, Object> apply(List<FieldMapping> mapping, Decided decision) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (FieldMapping field : mapping) {
            Object value = convert(value(field.source(), decision), field);
            fields.put(field.target(), "html".equals(field.escape()) ? escapeHtml(value) : value);
        }
        return fields;
    }

    /**
     * Text as HTML text or a quoted attribute value: {@code & < > " '} as character references, the five characters
     * that can end an element's text or an attribute (what Handlebars and Mustache escape too). Other values are
     * kept; a list's texts are escaped one by one.
     */
    static Object escapeHtml(Object value) {
        if (value instanceof String text) {
            StringBuilder escaped = new StringBuilder(text.length() + 16);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '&' -> escaped.append("&amp;");
                    case '<' -> escaped.append("&lt;");
                    case '>' -> escaped.append("&gt;");
                    case '"' -> escaped.append("&quot;");
                    case '\'' -> escaped.append("&#39;");
                    default -> escaped.append(c);
                }
            }
            return escaped.toString();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(FieldMapper::escapeHtml).toList();
        }
        return value;
    }

    private static Object value(String source, Decided decision) {
        if (source.startsWith("variable:")) {
            return decision.variables().get(source.substring("variable:".length()));
        }
        if (source.startsWith("segment:")) {
            return decision.segments().contains(source.substring("segment:".length()));
        }
        return switch (source) {
            case "segments" -> decision.segments();
            case "ruleSet" -> decision.ruleSet();
            case "revision" -> decision.revision();
            default -> decision.degraded();
        };
    }

    private static Object convert(Object value, FieldMapping field) {
        if (value == null || field.type() == null) {
            return value;
        }
        return switch (field.type()) {
            case "string" ->
                value instanceof List<?> list
                        ? String.join(",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value);
            case "number" -> number(value);
            case "boolean" -> value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value));
            case "list" -> value instanceof List<?> ? value : List.of(value);
            default -> date(value, field.format());
        };
    }

    private static Object number(Object value) {
        if (value instanceof Number number) {
            return number;
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object date(Object value, String format) {
        Instant instant = instant(value);
        if (instant == null) {
            return null;
        }
        String chosen = format == null ? "iso" : format;
        return switch (chosen) {
            case "iso" -> instant.toString();
            case "epoch_seconds" -> instant.getEpochSecond();
            case "epoch_millis" -> instant.toEpochMilli();
            default ->
                DateTimeFormatter.ofPattern(chosen).withZone(ZoneOffset.UTC).format(instant);
        };
    }

    /** Rules hand dates over as Instants, ISO text or epoch milliseconds. */
    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Number number) {
            return Instant.ofEpochMilli(number.longValue());
        }
        try {
            return OffsetDateTime.parse(String.valueOf(value)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
