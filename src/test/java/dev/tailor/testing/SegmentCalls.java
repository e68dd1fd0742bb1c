package dev.tailor.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Segment Spec calls as a client sends them, posted to ingest together: a test writes only what its calls hold. */
public final class SegmentCalls {

    private SegmentCalls() {}

    /** An identify of {@code userId} with {@code traits}. */
    public static Map<String, Object> identify(String userId, Map<String, ?> traits) {
        return call("identify", userId, "traits", traits);
    }

    /** A track of {@code event} by {@code userId}; {@code fields} are further names and values (messageId, ...). */
    public static Map<String, Object> track(String userId, String event, Object... fields) {
        Map<String, Object> track = call("track", userId, fields);
        track.put("event", event);
        return track;
    }

    /** A call of {@code type} by {@code userId}; {@code fields} are further names and values. */
    public static Map<String, Object> call(String type, String userId, Object... fields) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", type);
        call.put("userId", userId);
        for (int i = 0; i < fields.length; i += 2) {
            call.put((String) fields[i], fields[i + 1]);
        }
        return call;
    }

    /** Posts {@code calls} to /v1/batch and expects them accepted. */
    @SafeVarargs
    public static void postBatch(Map<String, Object>... calls) {
        given().contentType(ContentType.JSON)
                .body(Map.of("batch", List.of(calls)))
                .post("/v1/batch")
                .then()
                .statusCode(200);
    }
}
