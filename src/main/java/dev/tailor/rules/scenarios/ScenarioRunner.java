package dev.tailor.rules.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.events.CustomerEvent;
import dev.tailor.facts.Customer;
import dev.tailor.facts.FactsStore;
import dev.tailor.ingest.SegmentRequestParser;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.Evaluation.Removal;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.scenarios.Scenario.Expectation;
import dev.tailor.rules.scenarios.Scenario.ScenarioEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs scenarios the way production runs events: each event goes through the Segment parser (so clock skew is
 * corrected as at ingest) into the real Redis facts store, and the decision is evaluated by the rule engine at
 * each expected moment, guarded as every evaluation is but never counted towards a quarantine (a scenario is a
 * trial, not a customer's decision). Blocking: call it from a worker or test thread.
 */
@ApplicationScoped
public class ScenarioRunner {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Next-change times are compared to the second: rules flip just after a boundary. */
    private static final Duration NEXT_CHANGE_TOLERANCE = Duration.ofSeconds(1);

    private final FactsStore facts;
    private final RuleEngine engine;
    private final SegmentRequestParser parser;
    private final ObjectMapper json;

    public ScenarioRunner(FactsStore facts, RuleEngine engine, SegmentRequestParser parser, ObjectMapper json) {
        this.facts = facts;
        this.engine = engine;
        this.parser = parser;
        this.json = json;
    }

    public ScenarioResult run(CompiledRuleSet rules, Scenario scenario) {
        long started = System.nanoTime();
        String customerId = "scenario-" + UUID.randomUUID();
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < scenario.events().size(); i++) {
                apply(rules, scenario, customerId, scenario.events().get(i), i, failures);
            }
            for (Expectation expectation : scenario.expect()) {
                check(rules, scenario, customerId, expectation, failures);
            }
            if (scenario.nextChange() != null) {
                checkNextChange(rules, scenario, customerId, failures);
            }
        } catch (RuntimeException e) {
            failures.add("could not run: " + e.getMessage());
        } finally {
            facts.forget(customerId).await().atMost(WAIT);
        }
        return new ScenarioResult(
                rules.name(), scenario.file(), scenario.name(), failures, (System.nanoTime() - started) / 1_000_000);
    }

    private void apply(
            CompiledRuleSet rules,
            Scenario scenario,
            String customerId,
            ScenarioEvent given,
            int index,
            List<String> failures) {
        Instant now = scenario.now();
        String type = given.type() != null ? given.type() : given.event() != null ? "track" : "identify";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("userId", customerId);
        putIfPresent(body, "event", given.event());
        putIfPresent(body, "properties", given.properties());
        putIfPresent(body, "traits", given.traits());
        putIfPresent(body, "messageId", given.messageId());
        Instant timestamp = given.at() == null ? now : now.plus(RelativeTime.parse(given.at()));
        body.put("timestamp", timestamp.toString());
        if (given.sentAt() != null) {
            body.put("sentAt", now.plus(RelativeTime.parse(given.sentAt())).toString());
        }
        Instant receivedAt = given.receivedAt() != null
                ? now.plus(RelativeTime.parse(given.receivedAt()))
                : given.sentAt() != null ? now.plus(RelativeTime.parse(given.sentAt())) : timestamp;
        try {
            CustomerEvent event = parser.parseSingle(type, json.writeValueAsBytes(body), receivedAt);
            facts.apply(event, now, rules.facts()).await().atMost(WAIT);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            failures.add("event " + (index + 1) + ": " + e.getOriginalMessage());
        }
    }

    private Evaluation evaluateAt(CompiledRuleSet rules, String customerId, Instant moment) {
        Customer customer =
                facts.read(customerId, moment, rules.facts()).await().atMost(WAIT);
        return engine.trial(rules, customer, false).evaluation();
    }

    private void check(
            CompiledRuleSet rules, Scenario scenario, String customerId, Expectation expected, List<String> failures) {
        String at = expected.at() == null ? "0" : expected.at();
        Evaluation actual = evaluateAt(rules, customerId, scenario.now().plus(RelativeTime.parse(at)));
        if (expected.segments() != null) {
            List<String> want = expected.segments().stream().sorted().toList();
            if (!want.equals(actual.segmentNames())) {
                failures.add("at " + at + ": segments expected " + want + " but were " + actual.segmentNames());
            }
        }
        if (expected.variables() != null) {
            expected.variables().forEach((name, want) -> {
                Object got = actual.variables().get(name);
                if (!sameValue(want, got)) {
                    failures.add("at " + at + ": variable " + name + " expected " + want + " but was " + got);
                }
            });
        }
        if (expected.removed() != null) {
            expected.removed().forEach((segment, by) -> {
                Optional<Removal> removal = actual.removed().stream()
                        .filter(r -> r.segment().equals(segment))
                        .findFirst();
                if (removal.isEmpty() || !removal.get().name().equals(by)) {
                    failures.add("at " + at + ": " + segment + " expected removed by " + by + " but "
                            + removal.map(r -> "was removed by " + r.by() + " " + r.name())
                                    .orElse("was not removed"));
                }
            });
        }
    }

    private void checkNextChange(CompiledRuleSet rules, Scenario scenario, String customerId, List<String> failures) {
        Customer customer =
                facts.read(customerId, scenario.now(), rules.facts()).await().atMost(WAIT);
        Optional<Instant> actual = engine.trial(rules, customer, true).nextChange();
        String describedActual = actual.map(t -> offset(scenario.now(), t)).orElse("never");
        if (scenario.nextChange().equals("never")) {
            if (actual.isPresent()) {
                failures.add("next change expected never but was " + describedActual);
            }
            return;
        }
        Instant want = scenario.now().plus(RelativeTime.parse(scenario.nextChange()));
        if (actual.isEmpty() || Duration.between(want, actual.get()).abs().compareTo(NEXT_CHANGE_TOLERANCE) > 0) {
            failures.add("next change expected at " + scenario.nextChange() + " but was " + describedActual);
        }
    }

    private static String offset(Instant now, Instant moment) {
        Duration d = Duration.between(now, moment);
        return (d.isNegative() ? "-" : "+") + d.abs().toString().substring(2).toLowerCase();
    }

    private static boolean sameValue(Object want, Object got) {
        if (want instanceof Number a && got instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        return String.valueOf(want).equals(String.valueOf(got));
    }

    private static void putIfPresent(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
