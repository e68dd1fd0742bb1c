package dev.tailor.sync;

import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Delivers the segment changes waiting in PostgreSQL ({@link WebhookDispatcher} records them), each destination on
 * its own: the oldest batch first, one request at a time, paced to the destination. A batch that fails and may pass
 * later stays where it is, with its attempts and the time of the next one (backoff with jitter, or Retry-After);
 * the destination's later changes wait behind it, so a customer's changes keep their order, while other destinations
 * go on. After the last attempt (or at once for an answer that cannot change, such as a 400) the batch moves to the
 * dead letters and the next one is taken. One node at a time delivers a destination, under a lease in PostgreSQL.
 */
@ApplicationScoped
public class PendingDeliveryWorker {

    private final DestinationService destinations;
    private final PendingDeliveryRepository pending;
    private final WebhookDelivery delivery;
    private final DeadLetterService deadLetters;
    private final DestinationHealth health;
    private final SyncConfig config;
    /**
     * Threads of its own, without a Vert.x context: each database call then gets a session of its own, where a
     * worker started from the consumer's context would share (and trip over) the consumer's session.
     */
    private final ExecutorService threads = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "tailor-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    /** This node, as lease holder. */
    private final String node = UUID.randomUUID().toString();
    /** Destinations this node is delivering right now: one worker each. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;

    public PendingDeliveryWorker(
            DestinationService destinations,
            PendingDeliveryRepository pending,
            WebhookDelivery delivery,
            DeadLetterService deadLetters,
            DestinationHealth health,
            SyncConfig config) {
        this.destinations = destinations;
        this.pending = pending;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
        this.health = health;
        this.config = config;
    }

    /** Looks at every destination: counts what waits and delivers what is due, each destination on a worker thread. */
    @Scheduled(
            every = "${tailor.sync.deliver-every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        List<DestinationView> webhooks = destinations.all().stream()
                .filter(DestinationView::receivesWebhooks)
                .toList();
        Set<String> known = webhooks.stream().map(DestinationView::name).collect(Collectors.toSet());
        health.all().keySet().stream().filter(name -> !known.contains(name)).forEach(health::forget);
        if (webhooks.isEmpty()) {
            return;
        }
        try {
            Map<String, Long> waiting = BlockingDb.session(pending::waiting);
            webhooks.forEach(
                    destination -> health.pending(destination.name(), waiting.getOrDefault(destination.name(), 0L)));
        } catch (RuntimeException e) {
            Log.warnf("Could not count the webhook changes waiting: %s", e.toString());
            return;
        }
        wake(webhooks);
    }

    /** Starts delivering, at once, to those of {@code webhooks} this node is not delivering to already. */
    void wake(List<DestinationView> webhooks) {
        for (DestinationView destination : webhooks) {
            if (!stopping && busy.add(destination.name())) {
                threads.execute(() -> {
                    try {
                        drain(destination);
                    } catch (RuntimeException e) {
                        Log.warnf("Webhook deliveries to %s paused: %s", destination.name(), e.toString());
                    } finally {
                        busy.remove(destination.name());
                    }
                });
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        // A batch being sent finishes or stays pending; nothing new starts.
        stopping = true;
        threads.shutdown();
    }

    /** Sends the destination's due batches, one after the other, until none is due or one must wait. */
    private void drain(DestinationView destination) {
        while (!stopping
                && BlockingDb.transaction(() -> pending.lease(destination.name(), node, config.deliveryLease()))) {
            List<PendingDelivery> head =
                    BlockingDb.session(() -> pending.head(destination.name(), destination.batchSize()));
            if (head.isEmpty() || head.get(0).nextAttemptAt.isAfter(Instant.now())) {
                return;
            }
            if (!send(destination, retried(head))) {
                return;
            }
        }
    }

    /**
     * The batch to send from the head of the queue: a batch tried before goes again as it was (the rows postponed
     * together), so that its Idempotency-Key stays the same; changes recorded since follow in batches of their own.
     */
    private static List<PendingDelivery> retried(List<PendingDelivery> head) {
        PendingDelivery first = head.get(0);
        if (first.attempts == 0) {
            return head;
        }
        int end = 1;
        while (end < head.size()
                && head.get(end).attempts == first.attempts
                && head.get(end).nextAttemptAt.equals(first.nextAttemptAt)) {
            end++;
        }
        return head.subList(0, end);
    }

    /** One attempt at a batch; answers whether the next batch may follow now. */
    private boolean send(DestinationView destination, List<PendingDelivery> batch) {
        List<Long> ids = batch.stream().map(row -> row.id).toList();
        int attempt = batch.stream().mapToInt(row -> row.attempts).max().orElse(0) + 1;
        WebhookDelivery.Attempt result = delivery.tryOnce(
                        destination,
                        batch.stream().map(row -> row.payload).toList(),
                        batch.stream().map(row -> row.changeId).toList(),
                        attempt)
                .await()
                .atMost(config.timeout().plus(Duration.ofSeconds(30)));
        if (result.delivered()) {
            BlockingDb.transaction(() -> pending.remove(ids));
            health.delivered(destination.name());
            return true;
        }
        if (!result.retryable() || attempt >= config.maxAttempts()) {
            Log.warnf(
                    "Webhook to %s failed for good after %d attempt(s): %s; %d change(s) dead-lettered",
                    destination.name(), attempt, result.error(), batch.size());
            WebhookDelivery.Outcome outcome = new WebhookDelivery.Outcome(false, attempt, result.error());
            BlockingDb.transaction(() -> deadLetters
                    .store(
                            destination,
                            batch.stream().map(PendingDelivery::change).toList(),
                            outcome)
                    .chain(() -> pending.remove(ids)));
            health.failed(destination.name(), result.error(), null);
            health.deadLettered(destination.name(), batch.size());
            return true;
        }
        Instant next = Instant.now().plus(delivery.retryAfter(result, attempt));
        Log.debugf("Webhook to %s: %s; attempt %d at %s", destination.name(), result.error(), attempt + 1, next);
        BlockingDb.transaction(() -> pending.postpone(ids, attempt, result.error(), next));
        health.failed(destination.name(), result.error(), next);
        return false;
    }
}
