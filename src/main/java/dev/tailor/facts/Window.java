package dev.tailor.facts;

import java.time.Duration;

/** Window lengths for rules, imported into DRL as functions: {@code count("Product Viewed", days(7))}. */
public final class Window {

    private Window() {}

    public static Duration hours(int hours) {
        return Duration.ofHours(hours);
    }

    public static Duration days(int days) {
        return Duration.ofDays(days);
    }
}
