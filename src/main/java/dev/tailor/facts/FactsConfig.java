package dev.tailor.facts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How Tailor keeps customer facts in Redis. */
@ConfigMapping(prefix = "tailor.facts")
public interface FactsConfig {

    /**
     * How long an applied messageId is remembered so that a redelivery is not counted twice: Kafka redeliveries
     * after a restart or rebalance, and clients resending a batch whose answer they lost. Segment's own API
     * deduplicates over about 24 hours; a replay of the event log goes into an emptied Redis instead.
     */
    @WithDefault("PT24H")
    Duration dedupWindow();
}
