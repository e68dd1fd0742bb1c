package dev.tailor.facts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How Tailor keeps customer facts in Redis. */
@ConfigMapping(prefix = "tailor.facts")
public interface FactsConfig {

    /**
     * How long an applied messageId is remembered so that a redelivery is not counted twice. Must cover the
     * longest time Kafka may redeliver an event (consumer restarts, rebalances, replays).
     */
    @WithDefault("P7D")
    Duration dedupWindow();
}
