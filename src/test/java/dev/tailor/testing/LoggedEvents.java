package dev.tailor.testing;

import dev.tailor.events.CustomerEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Events as the log holds them, for tests that apply them straight to the facts. */
public final class LoggedEvents {

    private LoggedEvents() {}

    /** A track call of {@code customerId} (its userId) made and received at {@code at}, with a fresh messageId. */
    public static CustomerEvent track(String customerId, String event, Instant at) {
        return new CustomerEvent(
                "track",
                UUID.randomUUID().toString(),
                customerId,
                customerId,
                null,
                null,
                event,
                Map.of(),
                Map.of(),
                at,
                at);
    }
}
