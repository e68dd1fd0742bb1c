package dev.tailor.bench;

import dev.tailor.events.CustomerEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic event histories for the benchmarks: visits with page and product views, searches, carts, orders,
 * and e-mails opened and clicked, over 90 days. A {@link Habits} says how active a customer is.
 */
final class CustomerActivity {

    private static final List<String> CATEGORIES = List.of("shoes", "bags", "hats", "coats", "socks", "belts");
    private static final List<String> TIERS = List.of("standard", "standard", "silver", "gold");

    /**
     * How a customer behaves: visits on {@code visitDaysPerWeek} days of seven, gets three e-mails a week and
     * opens a share of them, orders on one visit in {@code visitsPerOrder}, and has been silent for the last
     * {@code quietDays}; {@code unsubscribed} customers end with an Unsubscribed event.
     */
    record Habits(int visitDaysPerWeek, double openRate, int visitsPerOrder, int quietDays, boolean unsubscribed) {

        /** Two or three visits a week, an order every few weeks, half the e-mails opened. */
        static final Habits ENGAGED = new Habits(3, 0.5, 6, 0, false);

        /** A mix from the nearly silent to the daily visitor, some lapsed, a few unsubscribed. */
        static Habits varied(Random random) {
            return new Habits(
                    random.nextInt(6),
                    random.nextDouble() * 0.8,
                    3 + random.nextInt(12),
                    random.nextInt(4) == 0 ? random.nextInt(80) : 0,
                    random.nextInt(20) == 0);
        }
    }

    private CustomerActivity() {}

    /** 90 days of a customer's events up to {@code end}, in time order, starting with an identify call. */
    static List<CustomerEvent> of(String customerId, Instant end, Habits habits, Random random) {
        List<CustomerEvent> events = new ArrayList<>();
        Instant start = end.minus(Duration.ofDays(90));
        Instant silentFrom = end.minus(Duration.ofDays(habits.quietDays()));
        events.add(event(
                customerId,
                "identify",
                null,
                start,
                Map.of(),
                Map.of(
                        "email",
                        "someone@example.com",
                        "first_name",
                        "Ada",
                        "loyalty_tier",
                        TIERS.get(random.nextInt(TIERS.size())))));
        for (Instant day = start; day.isBefore(silentFrom); day = day.plus(Duration.ofDays(1))) {
            if (random.nextInt(7) < habits.visitDaysPerWeek()) {
                visit(customerId, day.plus(Duration.ofMinutes(480 + random.nextInt(720))), habits, random, events);
            }
            if (random.nextInt(7) < 3) { // three e-mails a week; a tenth of the opened ones clicked
                Instant sent = day.plus(Duration.ofHours(9));
                if (random.nextDouble() < habits.openRate()) {
                    events.add(track(
                            customerId, "Email Opened", sent.plus(Duration.ofMinutes(random.nextInt(600))), Map.of()));
                    if (random.nextInt(5) == 0) {
                        events.add(track(customerId, "Email Link Clicked", sent.plus(Duration.ofHours(11)), Map.of()));
                    }
                }
            }
        }
        if (habits.unsubscribed()) {
            events.add(track(customerId, "Unsubscribed", silentFrom.minus(Duration.ofHours(1)), Map.of()));
        }
        events.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        return events;
    }

    private static void visit(String customerId, Instant at, Habits habits, Random random, List<CustomerEvent> events) {
        events.add(track(customerId, random.nextBoolean() ? "App Opened" : "Signed In", at, Map.of()));
        for (int v = 0; v < 2 + random.nextInt(5); v++) {
            at = at.plus(Duration.ofMinutes(1 + random.nextInt(4)));
            events.add(track(customerId, "Page Viewed", at, Map.of()));
            events.add(track(
                    customerId,
                    "Product Viewed",
                    at.plusSeconds(20),
                    Map.of("category", CATEGORIES.get(random.nextInt(CATEGORIES.size())))));
        }
        if (random.nextInt(3) == 0) {
            events.add(track(customerId, "Products Searched", at.plusSeconds(40), Map.of()));
        }
        if (random.nextInt(2) == 0) {
            events.add(track(customerId, "Product Added", at.plusSeconds(60), Map.of()));
            events.add(track(customerId, "Cart Viewed", at.plusSeconds(70), Map.of()));
        }
        if (random.nextInt(habits.visitsPerOrder()) == 0) {
            events.add(track(customerId, "Checkout Started", at.plusSeconds(90), Map.of()));
            events.add(track(
                    customerId,
                    "Order Completed",
                    at.plusSeconds(120),
                    Map.of(
                            "revenue",
                            20 + random.nextInt(180),
                            "category",
                            CATEGORIES.get(random.nextInt(CATEGORIES.size())))));
        }
    }

    private static CustomerEvent track(String customerId, String name, Instant at, Map<String, Object> properties) {
        return event(customerId, "track", name, at, properties, Map.of());
    }

    private static CustomerEvent event(
            String customerId,
            String type,
            String name,
            Instant at,
            Map<String, Object> properties,
            Map<String, Object> traits) {
        return new CustomerEvent(
                type,
                UUID.randomUUID().toString(),
                customerId,
                customerId,
                null,
                null,
                name,
                properties,
                traits,
                at,
                at);
    }
}
