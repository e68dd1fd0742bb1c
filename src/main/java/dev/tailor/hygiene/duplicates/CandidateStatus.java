package dev.tailor.hygiene.duplicates;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Where a duplicate candidate stands. Only open candidates are listed by default and refreshed by later runs. */
public enum CandidateStatus {
    /** Found by the latest run and not decided yet. */
    OPEN,
    /** Not the same person, says someone: later runs never list the pair again. */
    REJECTED,
    /** Merged into one identity (set by identity merge); later runs never list the pair again. */
    MERGED;

    /** As stored and as written in the API: lower case. */
    @JsonValue
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Optional<CandidateStatus> of(String slug) {
        return Arrays.stream(values())
                .filter(status -> status.slug().equals(slug))
                .findFirst();
    }
}
