package dev.tailor.hygiene;

import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.FactsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Customers written straight into the real facts store, for tests of the jobs that read every customer. */
public final class StoredCustomers {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private StoredCustomers() {}

    /** A fresh customer id, so that other customers in the shared store never matter. */
    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /**
     * A made-up word of letters only (a name, a street), different every call, so that people seeded by one test
     * never look like those of another.
     */
    public static String word() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        StringBuilder word = new StringBuilder().append((char) ('A' + random.nextInt(26)));
        for (int i = 0; i < 9; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    /** A birth date, yyyy-MM-dd, different most calls. */
    public static String birthday() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("%d-%02d-%02d", 1940 + random.nextInt(60), 1 + random.nextInt(12), 1 + random.nextInt(28));
    }

    public static void identify(FactsStore facts, String customerId, Map<String, Object> traits) {
        facts.apply(new CustomerEvent(
                        "identify",
                        UUID.randomUUID().toString(),
                        customerId,
                        customerId,
                        null,
                        null,
                        null,
                        null,
                        traits,
                        Instant.now(),
                        Instant.now()))
                .await()
                .atMost(WAIT);
    }

    public static void track(FactsStore facts, String customerId, String event, Instant at) {
        facts.apply(new CustomerEvent(
                        "track",
                        UUID.randomUUID().toString(),
                        customerId,
                        customerId,
                        null,
                        null,
                        event,
                        Map.of(),
                        null,
                        at,
                        Instant.now()))
                .await()
                .atMost(WAIT);
    }
}
