package dev.tailor.rules.admin;

import dev.tailor.rules.MappedSources.MappedSource;
import dev.tailor.shared.error.Problem.FieldError;
import java.util.List;

/**
 * An activation (or rollback) whose revision no longer produces a variable or segment that a destination maps,
 * asked for without {@code "confirmDrops": true} (409): those ESP fields would read null from then on.
 */
public class MappingsDroppedException extends RuntimeException {

    private final List<FieldError> errors;

    MappingsDroppedException(String ruleSet, long revision, List<MappedSource> dropped) {
        super("revision " + revision + " of rule set " + ruleSet + " drops " + dropped.size() + " mapped source(s)");
        this.errors = dropped.stream().map(source -> new FieldError(source.field(), "destination "
                + source.destination() + " maps " + source.source() + ", which revision " + revision
                + " of rule set " + ruleSet + " does not produce; fix the mapping, or activate again with"
                + " \"confirmDrops\": true")).toList();
    }

    public List<FieldError> errors() {
        return errors;
    }
}
