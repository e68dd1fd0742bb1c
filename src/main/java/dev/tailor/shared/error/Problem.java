package dev.tailor.shared.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem body, served as {@code application/problem+json}. {@code field} names the offending
 * input (for example {@code batch[2].userId}); {@code errors} lists every one when there are several;
 * {@code messages} carries located messages such as a rule compiler's (file, line, column, text).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        String type, String title, int status, String detail, String field, List<FieldError> errors, List<?> messages) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One offending input field and what is wrong with it. */
    public record FieldError(String field, String detail) {}

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(typeUri(slug), title, status, detail, null, List.of(), List.of());
    }

    public static Problem invalidFields(String slug, String title, int status, List<FieldError> errors) {
        FieldError first = errors.get(0);
        return new Problem(typeUri(slug), title, status, first.detail(), first.field(), errors, List.of());
    }

    public Problem withMessages(List<?> located) {
        return new Problem(type, title, status, detail, field, errors, List.copyOf(located));
    }

    private static String typeUri(String slug) {
        return "urn:tailor:problem:" + slug;
    }
}
