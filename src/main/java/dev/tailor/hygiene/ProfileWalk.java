package dev.tailor.hygiene;

import dev.tailor.facts.CustomerProfile;
import dev.tailor.facts.CustomerScan;
import dev.tailor.facts.FactsStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Walks every customer with facts, a page of profiles at a time, for the background hygiene jobs (audits and
 * duplicate runs). Blocking: call it from a worker thread (a scheduler or an admin request), never an event loop.
 */
@ApplicationScoped
public class ProfileWalk {

    /** Customers asked of Redis per SCAN step and read per pipelined round trip. */
    static final int PAGE = 500;

    private static final Duration REDIS_WAIT = Duration.ofSeconds(30);

    private final FactsStore facts;

    public ProfileWalk(FactsStore facts) {
        this.facts = facts;
    }

    /** Hands every customer's profile as of {@code now} to {@code page}, page by page; each customer once. */
    public void forEachPage(Instant now, Consumer<List<CustomerProfile>> page) {
        // SCAN may return a key more than once while Redis rehashes; a customer is still audited once.
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            CustomerScan scan = facts.scan(cursor, PAGE).await().atMost(REDIS_WAIT);
            Set<String> fresh = new LinkedHashSet<>(scan.customerIds());
            fresh.removeIf(id -> !seen.add(id));
            if (!fresh.isEmpty()) {
                page.accept(facts.profiles(List.copyOf(fresh), now).await().atMost(REDIS_WAIT));
            }
            cursor = scan.cursor();
        } while (!"0".equals(cursor));
    }
}
