package dev.tailor.rules.scenarios;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Offsets from a scenario's "now" as analysts write them: "-2h", "+22h", "-7d1h" (= -(7d+1h)), "0". */
final class RelativeTime {

    private static final Pattern WHOLE = Pattern.compile("([+-]?)((?:\\d+(?:ms|s|m|h|d))+|0)");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private RelativeTime() {}

    static Duration parse(String text) {
        String compact = text.replace(" ", "");
        Matcher whole = WHOLE.matcher(compact);
        if (!whole.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a time relative to now, such as -2h or +7d1h");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(whole.group(2));
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(
                    switch (part.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
        }
        return whole.group(1).equals("-") ? total.negated() : total;
    }
}
