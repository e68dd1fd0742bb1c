package dev.tailor.rules;

import java.util.List;
import java.util.Map;

/** What a rule set concluded for one customer: the segments left standing and the variables set. */
public record Evaluation(List<Segment> segments, Map<String, Object> variables) {

    public static final Evaluation EMPTY = new Evaluation(List.of(), Map.of());
}
