package dev.tailor.shared.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.tailor.shared.error.Problem.FieldError;
import jakarta.ws.rs.core.Response;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The problem bodies of the framework's own refusals, which carry no body of their own. Details never quote what
 * was sent (a path or a body may hold an e-mail address); they say what the client can change.
 */
final class HttpProblems {

    private HttpProblems() {}

    static Problem of(int status, Throwable failure) {
        return switch (status) {
            case 400 ->
                failure.getCause() instanceof JsonProcessingException json
                        ? field("invalid-request", "Invalid request", 400, "body", "is not valid JSON" + location(json))
                        : Problem.of("bad-request", "Bad request", 400, "The request could not be read");
            case 404 ->
                Problem.of(
                        "not-found",
                        "Not found",
                        404,
                        failure.getCause() == null
                                ? "Nothing answers at this path; the API is described at /q/openapi"
                                : "A path or query parameter does not have the form this endpoint reads");
            case 405 ->
                Problem.of(
                        "method-not-allowed",
                        "Method not allowed",
                        405,
                        "This path does not answer this method; /q/openapi lists the methods each path answers");
            case 406 ->
                field(
                        "not-acceptable",
                        "Not acceptable",
                        406,
                        "Accept",
                        "asks for a media type this endpoint does not answer in (it answers JSON)");
            case 413 -> bodyTooLarge("is larger than the largest request body Tailor takes");
            case 415 ->
                field(
                        "unsupported-media-type",
                        "Unsupported media type",
                        415,
                        "Content-Type",
                        "is not a media type this endpoint reads");
            default -> Problem.of(slug(status), title(status), status, title(status));
        };
    }

    static Problem bodyTooLarge(String detail) {
        return field("body-too-large", "Body too large", 413, "body", detail);
    }

    /** The JSON path of the value that did not fit, e.g. {@code customerIds[2]}; {@code body} for the whole. */
    static String path(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** What a value of the target type looks like in JSON. */
    static String expected(Class<?> target) {
        if (target == null) {
            return "has the wrong JSON type";
        }
        if (Number.class.isAssignableFrom(target)
                || (target.isPrimitive() && target != boolean.class && target != char.class)) {
            return "must be a number";
        }
        if (target == Boolean.class || target == boolean.class) {
            return "must be true or false";
        }
        if (CharSequence.class.isAssignableFrom(target)
                || target.isEnum()
                || target == Character.class
                || target == char.class) {
            return "must be a string";
        }
        if (target.isArray() || Collection.class.isAssignableFrom(target)) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(target)
                || target.isRecord()
                || !target.getName().startsWith("java.")) {
            return "must be an object";
        }
        return "has the wrong JSON type";
    }

    private static Problem field(String slug, String title, int status, String field, String detail) {
        return Problem.invalidFields(slug, title, status, List.of(new FieldError(field, detail)));
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    private static String slug(int status) {
        return title(status).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
