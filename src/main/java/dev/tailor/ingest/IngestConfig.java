package dev.tailor.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the Segment Spec ingest endpoints. */
@ConfigMapping(prefix = "tailor.ingest")
public interface IngestConfig {

    /** How long an ingest request waits for Kafka to acknowledge its events before answering 503. */
    @WithDefault("10s")
    Duration publishTimeout();
}
