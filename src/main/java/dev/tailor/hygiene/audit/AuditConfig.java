package dev.tailor.hygiene.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Data-quality audits and the render feedback loop. */
@ConfigMapping(prefix = "tailor.hygiene.audits")
public interface AuditConfig {

    /**
     * How often every customer is audited (a duration such as {@code 1h}, or {@code off}); audits run on demand with
     * {@code POST /admin/audits/runs} too. One audit at a time in the cluster.
     */
    @WithDefault("1h")
    String every();

    /** Traits every customer should have: a customer without one (absent or blank) has a missing-trait issue. */
    @WithDefault("email")
    List<String> keyTraits();

    /** Events in the last hour from which a customer is flagged whatever its history (bots, loops). */
    @WithDefault("500")
    long maxEventsPerHour();

    /**
     * A customer is also flagged when the last hour holds at least {@link #burstFloor()} events and more than this
     * many times its own usual hourly rate (its events before the last hour over its history, at least a day).
     */
    @WithDefault("20")
    double burstFactor();

    /** The fewest events in the last hour that can count as a burst against the customer's own rate. */
    @WithDefault("100")
    long burstFloor();

    /**
     * Distinct render fallbacks (customer and trait) waiting to be stored, at most; beyond, new ones are dropped
     * and counted (tailor_data_quality_feedback_dropped_total) so renders never wait or grow memory.
     */
    @WithDefault("10000")
    int feedbackCapacity();

    /** How often waiting render fallbacks are stored as issues. */
    @WithDefault("5s")
    String feedbackFlushEvery();
}
