package dev.tailor.hygiene.audit;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What is wrong with a customer's data. The field of an issue says which trait or which other customer. */
public enum IssueKind {
    /** A key trait (tailor.hygiene.audits.key-traits) is absent or blank. Found by audits. */
    MISSING_TRAIT,
    /** Normalisation could not read a value and kept it aside as {@code <trait>_raw}. Found by audits. */
    INVALID_TRAIT,
    /** Far more events in the last hour than the limit or than the customer's own usual rate. Found by audits. */
    EVENT_BURST,
    /** A duplicate run lists the customer as probably the same person as another (the field). Found by audits. */
    PROBABLE_DUPLICATE,
    /** A render fell back to a rule's default because the trait (the field) was missing or invalid. */
    RENDER_FALLBACK,
    /** The rules threw while re-deciding the customer (the field names the rule set); retried with backoff. */
    RULE_FAILURE,
    /**
     * A stored field of the customer's facts (the field) could not be decoded: its renders answer the degraded
     * default and impact analyses leave it out until its facts are rebuilt from the event log
     * ({@code scripts/replay.sh --customers <id>}). Found by renders, re-decisions and audits.
     */
    UNREADABLE_FACTS;

    /** As stored and as written in the API: {@code missing-trait}. */
    @JsonValue
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<IssueKind> of(String slug) {
        return Arrays.stream(values()).filter(kind -> kind.slug().equals(slug)).findFirst();
    }
}
