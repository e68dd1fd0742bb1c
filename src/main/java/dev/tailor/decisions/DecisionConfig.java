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

    /** Longest wait for the facts of a batch of customers before their decisions are the degraded default. */
    @WithDefault("1s")
    Duration batchBudget();

    /** Most customers one batch decision request may name. */
    @WithDefault("1000")
    int batchLimit();

    /** How long every render of one message gets the same decision (requests naming a messageId). */
    @WithDefault("PT1H")
    Duration pinFor();

    /** The Cache-Control header of decision responses. */
    @WithDefault("private, no-cache")
    String cacheControl();

    /** How often the due-time index is swept for decisions that time alone has changed. */
    @WithDefault("10s")
    Duration sweepEvery();

    /** How many due customers one sweep looks at, at most. */
    @WithDefault("500")
    int sweepBatch();

    /**
     * How long a node has to re-decide the due customers it claimed before another may claim them: longer than a
     * sweep takes, short enough that a node's death delays time-driven changes only briefly.
     */
    @WithDefault("30s")
    Duration sweepLease();

    /**
     * How often customers marked by their events are looked for and re-decided (each look takes them all, up to
     * {@code pending-batches} batches); the scheduler runs nothing more often than once a second.
     */
    @WithDefault("1s")
    Duration pendingEvery();

    /** How many customers marked by their events are re-decided together. */
    @WithDefault("500")
    int pendingBatch();

    /**
     * How many such batches one look takes at most: with {@code pending-batch}, how many customers a node
     * re-decides a second after their events. It bounds what re-deciding takes from applying events during a burst;
     * beyond it customers wait (each then costing one decision for all its events), so segment changes come later,
     * never get lost.
     */
    @WithDefault("4")
    int pendingBatches();

    /**
     * How long a node has to re-decide the customers it took before another may take them: longer than a batch
     * takes, short enough that a node's death delays segment changes only briefly.
     */
    @WithDefault("30s")
    Duration pendingLease();

    /**
     * How long a customer whose re-decision failed (its rules threw or overran) waits before it is tried again;
     * doubled with each failure in a row, up to {@code retry-backoff-max}.
     */
    @WithDefault("1s")
    Duration retryBackoff();

    /** The longest wait between two tries of a customer whose re-decisions keep failing. */
    @WithDefault("5m")
    Duration retryBackoffMax();

    /**
     * How many shards the customers waiting to be re-decided and the due-time index are split into (a power of two
     * from 1 to 1024), each worked by the node holding its lease. Every node of a deployment must use the same number.
     */
    @WithDefault("16")
    int shards();

    /** How long a node's lease on a shard lasts unless renewed: how long a dead node's shards wait for another. */
    @WithDefault("10s")
    Duration shardLease();

    /** How often a node renews its shard leases and takes its share of free ones: well within {@code shard-lease}. */
    @WithDefault("2s")
    Duration shardLeaseEvery();
}
