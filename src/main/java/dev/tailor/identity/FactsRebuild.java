package dev.tailor.identity;

import java.util.Set;

/**
 * Rebuilds customers' facts from the event log, which separating two merged customers needs. The event pipeline's
 * replay does it; identity reaches it through this interface because the pipeline links identities through identity
 * while it applies events, so identity cannot depend on the pipeline.
 */
public interface FactsRebuild {

    /** Forgets the customers' facts and applies their events from the whole log again; blocking; answers how many. */
    long rebuild(Set<String> customerIds);
}
