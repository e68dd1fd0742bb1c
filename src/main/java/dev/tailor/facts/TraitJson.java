package dev.tailor.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Trait values as the facts hash keeps them ({@code t:<trait>}): JSON. */
final class TraitJson {

    private final ObjectMapper json;

    TraitJson(ObjectMapper json) {
        this.json = json;
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Trait value cannot be written as JSON", e);
        }
    }

    /** The value stored; one that is not JSON reads as the text it is. */
    Object read(String value) {
        try {
            return json.readValue(value, Object.class);
        } catch (IOException e) {
            return value;
        }
    }
}
