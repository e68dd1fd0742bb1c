package dev.tailor.facts;

import java.time.Duration;

/** Window lengths for rules, imported into DRL as functions: {@code count("Product Viewed", days(7))}. */
public final class Window {

    /**
     * Rules name the same few windows on every evaluation, so the usual lengths are made once: every length in days
     * facts.yaml allows, and lengths in hours up to 31 days (longer ones are made when asked).
     */
    private static final Duration[] HOURS = lengths(Duration.ofHours(1), 31 * 24);

    private static final Duration[] DAYS = lengths(Duration.ofDays(1), (int) FactSchema.MAX_WINDOW.toDays());

    private Window() {}

    public static Duration hours(int hours) {
        return hours >= 0 && hours < HOURS.length ? HOURS[hours] : Duration.ofHours(hours);
    }

    public static Duration days(int days) {
        return days >= 0 && days < DAYS.length ? DAYS[days] : Duration.ofDays(days);
    }

    private static Duration[] lengths(Duration unit, int most) {
        Duration[] lengths = new Duration[most + 1];
        for (int i = 0; i <= most; i++) {
            lengths[i] = unit.multipliedBy(i);
        }
        return lengths;
    }
}
