package dev.tailor.pipeline;

import dev.tailor.decisions.PendingDecisions;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.identity.IdentityLinker;
import dev.tailor.ingest.EventPlausibility;
import dev.tailor.ingest.IngestConfig;
import dev.tailor.ingest.UnreadableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies {@code tailor.events.v1} to the customer facts in Redis, a polled batch of records at a time, in chunks
 * of {@code tailor.ingest.apply.yield-to-renders.chunk-events}, in order, each once the {@link RenderFirstPacer}
 * admits it (so that applying gives way to slow renders, in small steps). For each chunk, first the identities its
 * identify and alias calls name are linked (in the log's order), then its events go to Redis in one pipelined round
 * trip (in order, so one customer's events keep theirs), then its distinct customers are marked to be re-decided
 * ({@link PendingDecisions}, done by {@code PendingDecisionWorker} apart from this path, so that applying never waits
 * for rules and a customer's burst of events costs few decisions). Only after the last chunk is the batch
 * acknowledged. Delivery is at least once; the facts store counts each messageId once.
 *
 * <p>A record that cannot be applied goes alone to the dead-letter topic with its reason (header
 * {@code dead-letter-reason}), and the rest of its batch is applied: a record that is not a Tailor event or holds
 * implausible values ({@link EventPlausibility}) at once, before anything is applied; an event Redis answers an error
 * for ({@link ApplyFailures}: the event's own failure, the same on every attempt) as soon as the batch is taken one
 * by one, without retries. Redis away (stopped, unreachable, loading, out of memory, read-only) is no reason to
 * dead-letter anything: the chunk is held and tried again with backoff for as long as that lasts ({@link
 * PatientApply}), unacknowledged, while the connector pauses the partitions behind it; it applies (safe: applied
 * events are recognised) and the partitions resume once Redis answers again. Only a failure that persists while Redis
 * answers has the chunk taken one by one, and an event that still fails so is dead-lettered, so that one bad event
 * cannot hold back the others.
 */
@ApplicationScoped
public class EventConsumer {

    private final EventPlausibility plausibility;
    private final TrackedFacts tracked;
    private final FactsStore facts;
    private final PendingDecisions pending;
    private final IdentityLinker identities;
    private final PatientApply patiently;
    private final RenderFirstPacer pacer;
    private final int chunkEvents;
    private final Counter applied;
    private final Counter deduplicated;
    private final Counter unreadable;
    private final Counter unapplied;

    public EventConsumer(
            EventPlausibility plausibility,
            TrackedFacts tracked,
            FactsStore facts,
            PendingDecisions pending,
            IdentityLinker identities,
            PatientApply patiently,
            RenderFirstPacer pacer,
            IngestConfig config,
            MeterRegistry metrics) {
        this.chunkEvents = config.apply().yieldToRenders().chunkEvents();
        this.identities = identities;
        this.pacer = pacer;
        this.patiently = patiently;
        this.plausibility = plausibility;
        this.tracked = tracked;
        this.facts = facts;
        this.pending = pending;
        this.applied = metrics.counter("tailor.events.applied", "outcome", "applied");
        this.deduplicated = metrics.counter("tailor.events.applied", "outcome", "deduplicated");
        this.unreadable = metrics.counter("tailor.events.dead-lettered", "stage", "consumer");
        this.unapplied = metrics.counter("tailor.events.dead-lettered", "stage", "apply");
    }

    /** An event read from its record, kept with the record so that it can be dead-lettered alone. */
    private record Read(KafkaRecord<String, String> record, CustomerEvent event) {}

    /**
     * Takes a polled batch off the event loop the connector calls this on: reading up to {@code max.poll.records}
     * records and building their pipeline is tens of milliseconds of CPU, which renders waiting on the same event
     * loop would otherwise queue behind.
     */
    @Incoming("events-in")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        return Uni.createFrom()
                .deferred(() -> applyBatch(batch))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Void> applyBatch(KafkaRecordBatch<String, String> batch) {
        List<Read> events = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> deadLetters = new ArrayList<>();
        Instant now = Instant.now();
        FactSchema schema = tracked.schema();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                events.add(new Read(record, plausibility.logged(record.getPayload(), schema, now)));
            } catch (UnreadableEventException e) {
                unreadable.increment();
                deadLetters.add(deadLetter(record, e));
            }
        }
        return Multi.createFrom()
                .iterable(chunks(events))
                .onItem()
                .transformToUniAndConcatenate(this::applyChunk)
                .collect()
                .last()
                // The batch's acknowledgement covers its dead letters' offsets: they must be written first.
                .flatMap(ignored -> deadLetters.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Uni.join().all(deadLetters).andCollectFailures().replaceWithVoid())
                .flatMap(ignored -> Uni.createFrom().completionStage(batch::ack))
                // Never fail the channel: with manual acknowledgement a failure here would stop it for good. The
                // batch stays unacknowledged, so it is consumed again after a restart or rebalance. (Tries ended by
                // anything but a verdict on the events, the application stopping say, end here too: no dead letter.)
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.errorf(
                            "A batch of %d record(s) could not be acknowledged: %s",
                            batch.getRecords().size(), failure.toString());
                    return null;
                });
    }

    /** The batch's events in order, in chunks of at most the configured size. */
    private List<List<Read>> chunks(List<Read> events) {
        List<List<Read>> chunks = new ArrayList<>();
        for (int from = 0; from < events.size(); from += chunkEvents) {
            chunks.add(events.subList(from, Math.min(events.size(), from + chunkEvents)));
        }
        return chunks;
    }

    /**
     * Applies one chunk of a batch once the pacer admits it, on a worker thread (a paced chunk resumes on a timer's
     * thread, the event loop); tried patiently, then event by event.
     */
    private Uni<Void> applyChunk(List<Read> chunk) {
        return admitted(chunk.size())
                // A fault of the pacing is no fault of the events: a failure here would dead-letter them.
                .onFailure()
                .recoverWithItem(failure -> {
                    Log.errorf(
                            "Pacing %d event(s) failed (%s); applying them unpaced", chunk.size(), failure.toString());
                    return null;
                })
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(ignored -> patiently
                        .untilApplied(() -> applyAll(chunk), "a batch of " + chunk.size() + " event(s)")
                        .onFailure(PatientApply.GaveUp.class)
                        .recoverWithUni(failure -> {
                            Log.warnf(
                                    "A batch of %d event(s) failed (%s); applying them one by one",
                                    chunk.size(), failure.getCause().toString());
                            return oneByOne(chunk);
                        }));
    }

    /** Completes once the pacer lets this many events be applied; no thread waits meanwhile. */
    private Uni<Void> admitted(int events) {
        long wait = pacer.admit(events, System.nanoTime());
        return wait == 0
                ? Uni.createFrom().voidItem()
                : Uni.createFrom()
                        .voidItem()
                        .onItem()
                        .delayIt()
                        .by(Duration.ofNanos(wait))
                        .flatMap(ignored -> admitted(events));
    }

    /**
     * Links the identities the events name, applies the events in one round trip, then marks their customers to be
     * re-decided. A redelivered event is not applied twice, but its customer is marked: the earlier delivery may
     * have stopped between the two steps. Linking every identity of the chunk before applying any of its events
     * lands each event where linking it first would: an event of an id merged later in the chunk is applied to the
     * profile it was merged into, where the merge would have moved it anyway.
     */
    private Uni<Void> applyAll(List<Read> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<CustomerEvent> toApply = events.stream().map(Read::event).toList();
        return Uni.createFrom()
                .deferred(() -> identities.linkAll(toApply))
                .flatMap(linked -> facts.applyAll(toApply))
                .invoke(outcomes -> count(toApply, outcomes))
                .flatMap(outcomes -> pending.mark(
                        toApply.stream().map(CustomerEvent::customerId).toList(), Instant.now()))
                .replaceWithVoid();
    }

    private Uni<Void> oneByOne(List<Read> events) {
        return Multi.createFrom()
                .iterable(events)
                .onItem()
                .transformToUniAndConcatenate(read -> patiently
                        .untilApplied(
                                () -> identities
                                        .link(read.event())
                                        .flatMap(linked -> facts.apply(read.event()))
                                        .invoke(outcome -> count(List.of(read.event()), List.of(outcome)))
                                        .flatMap(outcome -> pending.mark(
                                                List.of(read.event().customerId()), Instant.now())),
                                "event " + read.event().messageId())
                        .replaceWithVoid()
                        .onFailure(PatientApply.GaveUp.class)
                        .recoverWithUni(failure -> {
                            unapplied.increment();
                            return deadLetter(read.record(), failure.getCause());
                        }))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Sends one record to the dead-letter topic (the channel's failure strategy), with the reason. */
    private static Uni<Void> deadLetter(KafkaRecord<String, String> record, Throwable reason) {
        return Uni.createFrom().completionStage(() -> record.nack(reason));
    }

    private void count(List<CustomerEvent> events, List<Boolean> outcomes) {
        for (int i = 0; i < events.size(); i++) {
            boolean wasApplied = outcomes.get(i);
            (wasApplied ? applied : deduplicated).increment();
            Log.debugf(
                    "Event %s of %s %s",
                    events.get(i).messageId(),
                    events.get(i).customerId(),
                    wasApplied ? "applied" : "was applied before");
        }
    }
}
