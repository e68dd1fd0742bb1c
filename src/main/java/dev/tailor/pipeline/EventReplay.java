package dev.tailor.pipeline;

import dev.tailor.events.CustomerEvent;
import dev.tailor.events.Identifier;
import dev.tailor.facts.CustomerScan;
import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TrackedFacts;
import dev.tailor.identity.FactsRebuild;
import dev.tailor.identity.IdentityLinker;
import dev.tailor.ingest.EventPlausibility;
import dev.tailor.ingest.UnreadableEventException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cache warm-up: rebuilds the Redis facts from the event log ({@code tailor.events.v1}, from its first offset to
 * where it ends when the replay starts), for every customer or for a list. The customers' facts are emptied first,
 * then every event is applied as the live consumer applies it, so the rebuilt facts equal the live ones (run it
 * also after declaring a new fact, to back-fill it). Events of one customer are applied in log order; different
 * customers' events go in parallel. Progress and an estimate of the time left are printed every few seconds.
 *
 * <p>A record that cannot be applied (unreadable, implausible, see {@link EventPlausibility}, or refused by Redis) is
 * skipped and reported with its partition and offset, and the replay carries on; the live consumer dead-lettered it.
 * A failure of the way to Redis is retried a few times, then ends the replay with an error.
 */
@ApplicationScoped
public class EventReplay implements FactsRebuild {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);
    private static final int PARALLEL_CUSTOMERS = 16;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int RETRIES = 5;

    private final FactsStore facts;
    private final TrackedFacts tracked;
    private final IdentityLinker identities;
    private final EventPlausibility plausibility;
    private final String bootstrap;
    private final String topic;

    public EventReplay(
            FactsStore facts,
            TrackedFacts tracked,
            IdentityLinker identities,
            EventPlausibility plausibility,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "mp.messaging.incoming.events-in.topic") String topic) {
        this.facts = facts;
        this.identities = identities;
        this.tracked = tracked;
        this.plausibility = plausibility;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    /**
     * What a replay did.
     *
     * @param records records read
     * @param applied events applied (not counted before)
     * @param skipped records of other customers
     * @param poison records that cannot be applied (unreadable, implausible, or refused by Redis): skipped, reported
     * @param millis how long it took
     */
    public record Summary(long records, long applied, long skipped, long poison, long millis) {

        public double eventsPerSecond() {
            return millis == 0 ? records : records * 1000.0 / millis;
        }
    }

    /** Replays for {@code customers}, or for everyone when empty; blocking. */
    public Summary replay(Set<String> customers, PrintStream progress) {
        Set<String> profiles = customers.stream()
                .map(customer -> identities.resolve(customer).await().atMost(WAIT))
                .collect(Collectors.toSet());
        forget(profiles);
        return readLog(
                withIdentifiers(profiles),
                tracked.schema(),
                progress,
                event -> identities.link(event).flatMap(ignored -> facts.apply(event, Instant.now())));
    }

    /** Replays for the customers, reporting no progress (an unmerge rebuilds both customers so). */
    @Override
    public long rebuild(Set<String> customerIds) {
        return replay(customerIds, new PrintStream(OutputStream.nullOutputStream()))
                .applied();
    }

    /** The customers and every identifier linked to them: a merged customer's history is logged under them all. */
    private Set<String> withIdentifiers(Set<String> profiles) {
        Set<String> all = new HashSet<>(profiles);
        for (String profile : profiles) {
            identities
                    .identifiersOf(profile)
                    .await()
                    .atMost(WAIT)
                    .forEach(member -> all.add(Identifier.parse(member).value()));
        }
        return all;
    }

    /**
     * Back-fills facts that a newly activated rule set declares and no rule set tracked before, from the whole log,
     * without touching the facts already kept; blocking.
     */
    public Summary backfill(FactSchema newFacts, PrintStream progress) {
        String pass = Long.toString(System.currentTimeMillis());
        return readLog(Set.of(), newFacts, progress, event -> facts.backfill(event, Instant.now(), newFacts, pass));
    }

    private Summary readLog(
            Set<String> customers,
            FactSchema schema,
            PrintStream progress,
            Function<CustomerEvent, Uni<Boolean>> apply) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        // A missing event log is made by TopicSetup, with unlimited retention; never by a read, with the broker's.
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        long records = 0;
        long applied = 0;
        long skipped = 0;
        AtomicLong poison = new AtomicLong();
        try (KafkaConsumer<String, String> log = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = log.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            log.assign(partitions);
            log.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = log.endOffsets(partitions);
            Map<TopicPartition, Long> begin = log.beginningOffsets(partitions);
            long total = partitions.stream()
                    .mapToLong(p -> end.get(p) - begin.get(p))
                    .sum();
            long nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
            while (partitions.stream().anyMatch(p -> log.position(p) < end.get(p))) {
                Map<String, List<Logged>> byCustomer = new LinkedHashMap<>();
                for (ConsumerRecord<String, String> record : log.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue; // arrived after the replay started: the live consumer has it
                    }
                    records++;
                    if (!customers.isEmpty() && !customers.contains(record.key())) {
                        skipped++;
                        continue;
                    }
                    try {
                        CustomerEvent event = plausibility.logged(record.value(), schema, now);
                        byCustomer
                                .computeIfAbsent(event.customerId(), c -> new ArrayList<>())
                                .add(new Logged(where(record), event));
                    } catch (UnreadableEventException e) {
                        poison.incrementAndGet(); // the live consumer dead-lettered it too
                        reportPoison(progress, where(record), e);
                    }
                }
                applied += apply(byCustomer, apply, poison, progress);
                if (System.nanoTime() > nextReport) {
                    report(progress, records, total, started);
                    nextReport = System.nanoTime() + REPORT_EVERY.toNanos();
                }
            }
            report(progress, records, total, started);
        }
        return new Summary(records, applied, skipped, poison.get(), (System.nanoTime() - started) / 1_000_000);
    }

    /** An event read from the log, with where it was read, to report it should it be poison. */
    private record Logged(String where, CustomerEvent event) {}

    private static String where(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** Applies each customer's events in order, customers side by side; answers how many were applied. */
    private long apply(
            Map<String, List<Logged>> byCustomer,
            Function<CustomerEvent, Uni<Boolean>> apply,
            AtomicLong poison,
            PrintStream progress) {
        if (byCustomer.isEmpty()) {
            return 0;
        }
        // Bounded, so that the Redis connection pool is never asked for more than it has.
        return Multi.createFrom()
                .iterable(byCustomer.values())
                .onItem()
                .transformToUni(events -> applyInOrder(events, apply, poison, progress))
                .merge(PARALLEL_CUSTOMERS)
                .collect()
                .asList()
                .await()
                .atMost(WAIT)
                .stream()
                .mapToLong(Integer::longValue)
                .sum();
    }

    /**
     * Applies one customer's events in order. An event Redis refuses ({@link ApplyFailures}: its own failure) is
     * skipped and reported; a failure of the way to Redis is retried, then fails the replay.
     */
    private Uni<Integer> applyInOrder(
            List<Logged> events, Function<CustomerEvent, Uni<Boolean>> apply, AtomicLong poison, PrintStream progress) {
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (Logged logged : events) {
            chain = chain.flatMap(count -> Uni.createFrom()
                    .deferred(() -> apply.apply(logged.event()))
                    .onFailure(ApplyFailures::isPassing)
                    .retry()
                    .withBackOff(FIRST_BACKOFF, MAX_BACKOFF)
                    .atMost(RETRIES)
                    .map(applied -> count + (applied ? 1 : 0))
                    .onFailure(ApplyFailures::isEventsOwn)
                    .recoverWithItem(failure -> {
                        poison.incrementAndGet();
                        reportPoison(progress, logged.where(), failure);
                        return count;
                    }));
        }
        return chain;
    }

    private static void reportPoison(PrintStream progress, String where, Throwable reason) {
        Log.warnf("Replay skipped record %s: %s", where, reason.getMessage());
        progress.printf("replay: skipped record %s, it cannot be applied: %s%n", where, reason.getMessage());
    }

    private void forget(Set<String> customers) {
        if (!customers.isEmpty()) {
            customers.forEach(customer -> facts.forget(customer).await().atMost(WAIT));
            return;
        }
        String cursor = "0";
        do {
            CustomerScan page = facts.scan(cursor, 1000).await().atMost(WAIT);
            page.customerIds()
                    .forEach(customer -> facts.forget(customer).await().atMost(WAIT));
            cursor = page.cursor();
        } while (!"0".equals(cursor));
    }

    private static void report(PrintStream progress, long done, long total, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        double rate = seconds == 0 ? 0 : done / seconds;
        long left = rate == 0 ? 0 : Math.round((total - done) / rate);
        progress.printf(
                "replay: %d of %d events (%.0f%%), %.0f events/s, about %d s left%n",
                done, total, total == 0 ? 100.0 : done * 100.0 / total, rate, left);
    }
}
