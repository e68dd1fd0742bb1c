package dev.tailor.rules.admin;

import dev.tailor.rules.MappedSources.MappedSource;
import dev.tailor.shared.error.Problem;
import dev.tailor.shared.error.Problem.FieldError;
import dev.tailor.shared.error.ProblemException;
import java.util.List;
import java.util.Optional;

/**
 * An activation (or rollback) whose revision no longer produces a variable or segment that a destination maps,
 * asked for without {@code "confirmDrops": true} (409): those ESP fields would read null from then on.
 */
public class MappingsDroppedException extends ProblemException {

    private final List<FieldError> errors;

    MappingsDroppedException(String ruleSet, long revision, List<MappedSource> dropped) {
        super("revision " + revision + " of rule set " + ruleSet + " drops " + dropped.size() + " mapped source(s)");
        this.errors = dropped.stream()
                .map(source -> new FieldError(
                        source.field(),
                        "destination "
                                + source.destination() + " maps " + source.source() + ", which revision " + revision
                                + " of rule set " + ruleSet
                                + " does not produce; fix the mapping, or activate again with"
                                + " \"confirmDrops\": true"))
                .toList();
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public Problem problem() {
        return Problem.invalidFields(
                "activation-drops-mapped-sources", "Activation would drop mapped variables or segments", 409, errors);
    }

    @Override
    public Optional<String> warning() {
        return Optional.of("Activation not confirmed: " + getMessage());
    }
}
