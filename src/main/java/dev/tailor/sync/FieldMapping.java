package dev.tailor.sync;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One field of a destination's vocabulary: where its value comes from in a decision, its name at the ESP, and
 * its type there.
 *
 * @param source {@code variable:<name>}, {@code segment:<name>} (true when the customer is in it),
 *     {@code segments} (all segment names), {@code ruleSet}, {@code revision} or {@code degraded}
 * @param type {@code string}, {@code number}, {@code boolean}, {@code list} or {@code date}
 * @param format for dates: {@code iso} (default), {@code epoch_seconds}, {@code epoch_millis}, or a pattern such
 *     as {@code yyyy-MM-dd} (UTC)
 * @param escape {@code html} for ESPs whose templates print values as they are (Liquid in Braze, MJML): text
 *     values (and the texts of a list) come HTML-escaped; {@code none} or absent: as the rules set them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldMapping(String source, String target, String type, String format, String escape) {

    public FieldMapping(String source, String target, String type, String format) {
        this(source, target, type, format, null);
    }
}
