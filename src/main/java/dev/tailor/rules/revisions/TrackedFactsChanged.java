package dev.tailor.rules.revisions;

import dev.tailor.facts.FactSchema;

/**
 * An activation made on this node brought a revision into service, changing what the active rule sets track from
 * {@code before} to {@code after} (often to the same). A CDI event, observed synchronously before the activation
 * answers: the event pipeline back-fills newly declared facts from the log, which rules cannot call themselves since
 * the pipeline applies events with their help.
 */
public record TrackedFactsChanged(FactSchema before, FactSchema after) {}
