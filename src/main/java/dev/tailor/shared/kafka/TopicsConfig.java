package dev.tailor.shared.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The Kafka topics Tailor owns: made at start when missing, checked when present. */
@ConfigMapping(prefix = "tailor.topics")
public interface TopicsConfig {

    /** Whether Tailor makes and checks its topics at start (off for the rule validator, which needs no Kafka). */
    @WithDefault("true")
    boolean manage();

    /** Partitions of a topic Tailor makes; they bound how many consumers apply events side by side. */
    @WithDefault("4")
    int partitions();

    /** Replication factor of a topic Tailor makes; the broker's default when unset. */
    Optional<Short> replicationFactor();

    /**
     * How long dead letters are kept: long enough to be read, fixed and posted again after a holiday. The event
     * log itself is always made with unlimited retention: replay, warm-up and unmerge read it whole.
     */
    @WithDefault("P30D")
    Duration deadLetterRetention();

    /**
     * What an event log that deletes records does at start: {@code fail} refuses to start (facts rebuilt from it
     * would silently lack history), {@code warn} logs an error and starts.
     */
    @WithDefault("fail")
    ShortRetention onShortRetention();

    /** How long start-up waits for Kafka to answer; when it does not, the topics stay unchecked (logged). */
    @WithDefault("10s")
    Duration checkTimeout();

    /** See {@link #onShortRetention()}. */
    enum ShortRetention {
        FAIL,
        WARN
    }
}
