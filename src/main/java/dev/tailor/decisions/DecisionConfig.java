package dev.tailor.decisions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Render-time decision settings. */
@ConfigMapping(prefix = "tailor.decisions")
public interface DecisionConfig {

    /** How long a decision waits for the customer's facts before answering the degraded default. */
    @WithDefault("150ms")
    Duration factsBudget();

    /** How often the due-time index is swept for decisions that time alone has changed. */
    @WithDefault("10s")
    Duration sweepEvery();

    /** How many due customers one sweep looks at, at most. */
    @WithDefault("500")
    int sweepBatch();
}
