package dev.tailor.facts;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fact declarations in force: those of the active rule set. The event consumer tracks exactly these; a fact
 * declared later is back-filled by replaying the event log.
 */
@ApplicationScoped
public class TrackedFacts {

    private final AtomicReference<FactSchema> schema = new AtomicReference<>(FactSchema.NONE);

    public FactSchema schema() {
        return schema.get();
    }

    public void track(FactSchema declared) {
        schema.set(declared);
    }
}
