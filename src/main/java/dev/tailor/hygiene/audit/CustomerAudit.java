package dev.tailor.hygiene.audit;

import dev.tailor.facts.CustomerProfile;
import dev.tailor.facts.ReservedTraits;
import dev.tailor.hygiene.HygieneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checks an audit makes of one customer: key traits missing, values normalisation could not read, event
 * bursts (against a fixed limit, and against the customer's own usual rate), and stored facts that cannot be read.
 */
@ApplicationScoped
public class CustomerAudit {

    /** A customer's usual rate is taken over at least a day, so that a new customer's first visit is no burst. */
    private static final double MIN_HISTORY_HOURS = 24;

    private final AuditConfig config;
    private final List<String> readTraits;

    public CustomerAudit(AuditConfig config, HygieneConfig hygiene) {
        this.config = config;
        this.readTraits = Stream.of(hygiene.emailTraits(), hygiene.phoneTraits(), hygiene.countryTraits())
                .flatMap(List::stream)
                .distinct()
                .toList();
    }

    public List<FoundIssue> check(CustomerProfile profile, Instant now) {
        List<FoundIssue> issues = new ArrayList<>();
        for (String trait : readTraits) {
            // A value kept raw beside a good one (sent before or after) leaves the customer with a usable value.
            if (keptRaw(profile, trait) && absent(profile, trait)) {
                issues.add(issue(
                        profile,
                        IssueKind.INVALID_TRAIT,
                        trait,
                        trait + " could not be read; the value as sent " + "is kept aside as " + trait
                                + ReservedTraits.RAW_SUFFIX,
                        now));
            }
        }
        for (String trait : config.keyTraits()) {
            if (absent(profile, trait) && !keptRaw(profile, trait)) {
                issues.add(issue(profile, IssueKind.MISSING_TRAIT, trait, "no " + trait, now));
            }
        }
        burst(profile, now).ifPresent(issues::add);
        for (String field : profile.unreadableFields()) {
            issues.add(issue(
                    profile,
                    IssueKind.UNREADABLE_FACTS,
                    field,
                    FallbackFeedback.unreadableDetail(IssueSource.AUDIT),
                    now));
        }
        return issues;
    }

    private static boolean absent(CustomerProfile profile, String trait) {
        Object value = profile.traits().get(ReservedTraits.stored(trait));
        return value == null || value.toString().isBlank();
    }

    private static boolean keptRaw(CustomerProfile profile, String trait) {
        return ReservedTraits.spellings(trait).stream()
                .anyMatch(spelling -> profile.traits().get(spelling + ReservedTraits.RAW_SUFFIX) != null);
    }

    private Optional<FoundIssue> burst(CustomerProfile profile, Instant now) {
        long lastHour = profile.eventsLastHour();
        if (lastHour >= config.maxEventsPerHour()) {
            return Optional.of(issue(
                    profile,
                    IssueKind.EVENT_BURST,
                    "events",
                    lastHour + " events in the last hour, over the limit of " + config.maxEventsPerHour(),
                    now));
        }
        if (lastHour < config.burstFloor()) {
            return Optional.empty();
        }
        double usualPerHour = usualHourlyRate(profile, now);
        if (lastHour > config.burstFactor() * usualPerHour) {
            return Optional.of(issue(
                    profile,
                    IssueKind.EVENT_BURST,
                    "events",
                    String.format(
                            Locale.ROOT,
                            "%d events in the last hour; the customer's usual rate is %.2f an hour",
                            lastHour,
                            usualPerHour),
                    now));
        }
        return Optional.empty();
    }

    /** Events before the last hour over the hours of history before it, at least a day. */
    static double usualHourlyRate(CustomerProfile profile, Instant now) {
        long before = Math.max(0, profile.eventsEver() - profile.eventsLastHour());
        double hours = profile.firstSeen() == null
                ? 0
                : Duration.between(profile.firstSeen(), now).toMillis() / 3_600_000.0 - 1;
        return before / Math.max(MIN_HISTORY_HOURS, hours);
    }

    private static FoundIssue issue(CustomerProfile profile, IssueKind kind, String field, String detail, Instant now) {
        return new FoundIssue(profile.id(), kind, field, detail, IssueSource.AUDIT, 1, now);
    }
}
