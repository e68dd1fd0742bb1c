package dev.tailor.rules;

import java.util.List;

/**
 * What reads a rule set's decisions by name: the variables and segments destinations map (implemented where
 * destinations live). An activation that would stop producing one of them shows it and needs confirming.
 */
public interface MappedSources {

    /**
     * One mapped source of one destination.
     *
     * @param field where it is written, e.g. {@code braze.mapping[2].source}
     * @param source {@code variable:<name>} or {@code segment:<name>}
     */
    record MappedSource(String destination, String field, String source) {

        /** Whether {@code ruleSet} produces what this source names. */
        public boolean producedBy(CompiledRuleSet ruleSet) {
            if (source.startsWith(VARIABLE)) {
                return ruleSet.variables()
                        .get(source.substring(VARIABLE.length()))
                        .isPresent();
            }
            return !source.startsWith(SEGMENT) || ruleSet.segments().contains(source.substring(SEGMENT.length()));
        }
    }

    String VARIABLE = "variable:";
    String SEGMENT = "segment:";

    /** The variables and segments that destinations reading {@code ruleSet} map. */
    List<MappedSource> mappedFrom(String ruleSet);

    /** Those of them {@code candidate} would no longer produce. */
    default List<MappedSource> droppedBy(CompiledRuleSet candidate) {
        return mappedFrom(candidate.name()).stream()
                .filter(source -> !source.producedBy(candidate))
                .toList();
    }
}
