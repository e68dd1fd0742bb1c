package dev.tailor.hygiene.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Who found an issue: an audit (which resolves it when a later audit no longer finds it), a render, or a
 * re-decision after events or time.
 */
public enum IssueSource {
    AUDIT,
    RENDER,
    REDECISION;

    @JsonValue
    public String slug() {
        return name().toLowerCase(Locale.ROOT);
    }
}
