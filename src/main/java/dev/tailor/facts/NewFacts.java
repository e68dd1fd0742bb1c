package dev.tailor.facts;

import java.util.Map;
import java.util.stream.Collectors;

/** What one set of declarations adds to another: the events it tracks that the other does not. */
public final class NewFacts {

    private NewFacts() {}

    /**
     * Events {@code after} declares and {@code before} does not. A longer window, another grouping or another sum
     * of an event already tracked is not in it: that needs a full replay (scripts/replay.sh).
     */
    public static FactSchema between(FactSchema before, FactSchema after) {
        Map<String, FactSchema.TrackedEvent> added = after.events().entrySet().stream()
                .filter(entry -> before.event(entry.getKey()).isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new FactSchema(added);
    }
}
