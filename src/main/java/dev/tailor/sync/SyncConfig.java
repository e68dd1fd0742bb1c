package dev.tailor.sync;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Webhook delivery of segment changes to destinations. */
@ConfigMapping(prefix = "tailor.sync")
public interface SyncConfig {

    /** How long one webhook request may take before it counts as failed and is retried. */
    @WithDefault("5s")
    Duration timeout();

    /**
     * Attempts per batch before its changes go to the dead-letter store. Between attempts the destination's changes
     * wait in PostgreSQL (later ones behind the failing batch, in order); other destinations go on.
     */
    @WithDefault("6")
    int maxAttempts();

    /** Wait before the first retry; it doubles with each attempt, with jitter. */
    @WithDefault("500ms")
    Duration firstBackoff();

    /** Longest wait between two attempts, also the most a Retry-After header is honoured for. */
    @WithDefault("30s")
    Duration maxBackoff();

    /**
     * How often each node looks for changes due for delivery (besides at once when it records new ones): the
     * granularity of retry waits.
     */
    @WithDefault("1s")
    Duration deliverEvery();

    /**
     * How long a node holds a destination's deliveries once it takes them: one node at a time delivers a destination,
     * so that its changes arrive in order. Renewed before every batch; a node that died is replaced after this.
     */
    @WithDefault("30s")
    Duration deliveryLease();

    /** How often every node reloads destinations from PostgreSQL (changes made on this node apply at once). */
    @WithDefault("10s")
    Duration reloadEvery();

    /**
     * Whether webhook URLs may be plain http to any public host. Off: https only, except for hosts on
     * {@code allowed-hosts}.
     */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Host names (as written in the URL, compared without case) that may receive webhooks whatever they resolve
     * to, over http or https: internal relays an operator trusts. Every other host must resolve only to public
     * addresses.
     */
    Optional<List<String>> allowedHosts();
}
