package dev.tailor.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimestampNormalizerTest {

    private final TimestampNormalizer timestamps = new TimestampNormalizer();

    @Test
    void dateTimesWithAnOffsetBecomeUtc() {
        assertThat(timestamps.normalize("2026-01-31T12:00:00+01:00")).isEqualTo("2026-01-31T11:00:00Z");
        assertThat(timestamps.normalize("2026-01-31T23:30:00.250-05:00")).isEqualTo("2026-02-01T04:30:00.250Z");
        assertThat(timestamps.normalize("2026-01-31T12:00:00Z")).isEqualTo("2026-01-31T12:00:00Z");
    }

    @Test
    void valuesNamingNoInstantAreKeptAsSent() {
        assertThat(timestamps.normalize("2026-01-31")).isEqualTo("2026-01-31");
        assertThat(timestamps.normalize("2026-01-31T12:00:00")).isEqualTo("2026-01-31T12:00:00");
        assertThat(timestamps.normalize("last tuesday")).isEqualTo("last tuesday");
    }
}
