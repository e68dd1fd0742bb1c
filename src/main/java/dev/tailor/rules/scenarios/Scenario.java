package dev.tailor.rules.scenarios;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule test as data ({@code rules/<set>/tests/*.yaml}): Segment events at times relative to {@code now}, and
 * the decision expected at one or more moments.
 *
 * @param file where it was written, relative to the rule set
 * @param now the scenario's present; a fixed instant keeps hour and day boundaries where the author saw them
 * @param nextChange when the decision at now is expected to change by time alone: an offset, or "never"
 */
public record Scenario(
        String file,
        String name,
        Instant now,
        List<ScenarioEvent> events,
        List<Expectation> expect,
        String nextChange) {

    /**
     * One event. {@code at} is its timestamp; {@code sentAt} and {@code receivedAt} (offsets too) are given to test
     * clock-skew correction, as Segment clients send them.
     */
    public record ScenarioEvent(
            String type,
            String event,
            Map<String, Object> properties,
            Map<String, Object> traits,
            String at,
            String sentAt,
            String receivedAt,
            String messageId) {}

    /**
     * The decision expected at {@code at}: exactly these segments, at least these variables, and (when given)
     * these removals with what removed them (a rule, group or suppression name).
     */
    public record Expectation(
            String at, List<String> segments, Map<String, Object> variables, Map<String, String> removed) {}
}
