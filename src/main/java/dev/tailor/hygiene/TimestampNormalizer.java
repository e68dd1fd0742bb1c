package dev.tailor.hygiene;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Date-times as UTC: an ISO-8601 date-time with an offset ({@code 2026-01-31T12:00:00+01:00}) becomes the same
 * instant in UTC ({@code 2026-01-31T11:00:00Z}). Anything else (a date alone, a local time) is kept as sent: it
 * names no instant, so no conversion would be right.
 */
@ApplicationScoped
public class TimestampNormalizer {

    public String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.strip()).toInstant().toString();
        } catch (DateTimeParseException e) {
            return raw;
        }
    }
}
