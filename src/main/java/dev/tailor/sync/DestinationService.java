package dev.tailor.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.MappedSources;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RulesConfig;
import dev.tailor.shared.error.InvalidRequestException;
import dev.tailor.shared.error.Problem.FieldError;
import dev.tailor.shared.persistence.BlockingDb;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * ESP destinations: kept in PostgreSQL, managed through the admin API, and held in memory for the render path and
 * the dispatcher, reloaded every {@code tailor.sync.reload-every} (so renders go on while PostgreSQL is away).
 * Admin methods block: call them from worker threads.
 */
@ApplicationScoped
public class DestinationService implements MappedSources {

    private static final TypeReference<List<FieldMapping>> MAPPING = new TypeReference<>() {};

    private final DestinationRepository destinations;
    private final DestinationGuard guard;
    private final PendingDeliveryRepository pending;
    private final ObjectMapper json;
    private final RuleEngine engine;
    private final RulesConfig rules;
    private final AtomicReference<Map<String, DestinationView>> catalog = new AtomicReference<>(Map.of());

    public DestinationService(
            DestinationRepository destinations,
            DestinationGuard guard,
            PendingDeliveryRepository pending,
            ObjectMapper json,
            RuleEngine engine,
            RulesConfig rules) {
        this.destinations = destinations;
        this.pending = pending;
        this.guard = guard;
        this.json = json;
        this.engine = engine;
        this.rules = rules;
    }

    /** The rule set a destination's decisions come from: its own, else the default one. */
    public String ruleSetOf(DestinationView destination) {
        return destination.ruleSet() == null || destination.ruleSet().isBlank()
                ? rules.defaultSet()
                : destination.ruleSet();
    }

    @Override
    public List<MappedSource> mappedFrom(String ruleSet) {
        List<MappedSource> mapped = new ArrayList<>();
        for (DestinationView destination : catalog.get().values()) {
            if (ruleSetOf(destination).equals(ruleSet)) {
                mapped.addAll(named(destination));
            }
        }
        mapped.sort(java.util.Comparator.comparing(MappedSource::field));
        return mapped;
    }

    /** The variables and segments a destination maps, each with where it is written. */
    private static List<MappedSource> named(DestinationView destination) {
        List<MappedSource> named = new ArrayList<>();
        for (int i = 0; i < destination.mapping().size(); i++) {
            String source = destination.mapping().get(i).source();
            if (source.startsWith(VARIABLE) || source.startsWith(SEGMENT)) {
                named.add(new MappedSource(
                        destination.name(), destination.name() + ".mapping[" + i + "].source", source));
            }
        }
        return named;
    }

    /** A destination as the render path sees it, if defined. */
    public Optional<DestinationView> named(String name) {
        return Optional.ofNullable(catalog.get().get(name));
    }

    /** Every destination, as last loaded. */
    public List<DestinationView> all() {
        return List.copyOf(catalog.get().values());
    }

    /** Creates or replaces a destination; answers whether it was created. */
    public boolean put(DestinationView wanted) {
        validate(wanted);
        boolean created = BlockingDb.transaction(() -> destinations
                .findByName(wanted.name())
                .flatMap(existing -> {
                    Destination destination = existing == null ? new Destination() : existing;
                    destination.name = wanted.name();
                    destination.url = wanted.url();
                    destination.signingSecret = wanted.signingSecret();
                    destination.ruleSet = wanted.ruleSet();
                    destination.maxPerSecond = wanted.maxPerSecond();
                    destination.batchSize = wanted.batchSize();
                    destination.mapping = write(wanted.mapping());
                    destination.updatedAt = Instant.now();
                    return destinations.persist(destination).map(saved -> existing == null);
                }));
        reload();
        return created;
    }

    /** Removes a destination with the changes still waiting for it (its dead letters stay, for inspection). */
    public boolean delete(String name) {
        boolean deleted = BlockingDb.transaction(() -> destinations
                .delete("name", name)
                .flatMap(count -> pending.delete("destination", name).replaceWith(count > 0)));
        reload();
        return deleted;
    }

    void onStart(@Observes StartupEvent event) {
        reload();
    }

    @Scheduled(
            every = "${tailor.sync.reload-every:10s}",
            delayed = "${tailor.sync.reload-every:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        try {
            List<Destination> stored = BlockingDb.session(() -> destinations.listAll());
            catalog.set(stored.stream().collect(Collectors.toUnmodifiableMap(d -> d.name, this::view)));
        } catch (RuntimeException e) {
            Log.warnf(
                    "Could not reload destinations, keeping the %d known: %s",
                    catalog.get().size(), e.toString());
        }
    }

    private DestinationView view(Destination destination) {
        try {
            return new DestinationView(
                    destination.name,
                    destination.url,
                    destination.signingSecret,
                    destination.ruleSet,
                    destination.maxPerSecond,
                    destination.batchSize,
                    json.readValue(destination.mapping, MAPPING));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable mapping of destination " + destination.name, e);
        }
    }

    private void validate(DestinationView wanted) {
        if (wanted.name() == null || !wanted.name().matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new InvalidRequestException("name", "must be 1 to 64 letters, digits, '_', '.' or '-'");
        }
        if (wanted.url() != null && !wanted.url().isBlank()) {
            try {
                guard.check(wanted.url());
            } catch (DestinationGuard.RefusedException e) {
                throw new InvalidRequestException("url", e.getMessage());
            }
            if (wanted.signingSecret() == null || wanted.signingSecret().length() < 16) {
                throw new InvalidRequestException("signingSecret", "a webhook needs a secret of 16 characters or more");
            }
        }
        if (wanted.maxPerSecond() < 1) {
            throw new InvalidRequestException("maxPerSecond", "must be at least 1");
        }
        if (wanted.batchSize() < 1 || wanted.batchSize() > 1000) {
            throw new InvalidRequestException("batchSize", "must be between 1 and 1000");
        }
        FieldMapper.validate(wanted.mapping());
        checkSources(wanted);
    }

    /**
     * Every variable and segment the mapping names must be one the destination's active rule set produces (a
     * declared variable, a segment its rules name); otherwise the ESP would read null. 422 naming each.
     */
    private void checkSources(DestinationView wanted) {
        List<MappedSource> named = named(wanted);
        if (named.isEmpty()) {
            return;
        }
        String ruleSet = ruleSetOf(wanted);
        Optional<CompiledRuleSet> active = engine.active(ruleSet);
        if (active.isEmpty()) {
            throw new UndeclaredSourceException(
                    List.of(
                            new FieldError(
                                    "ruleSet",
                                    "no rule set named " + ruleSet
                                            + " is active, so the variables and segments of the mapping cannot be checked; activate it first")));
        }
        CompiledRuleSet produced = active.get();
        List<FieldError> errors = new ArrayList<>();
        for (MappedSource source : named) {
            if (!source.producedBy(produced)) {
                String field = source.field().substring(wanted.name().length() + 1);
                errors.add(new FieldError(
                        field,
                        source.source().startsWith(VARIABLE)
                                ? source.source() + ": rule set " + ruleSet + " (revision " + produced.revision()
                                        + ") declares no such variable; it declares "
                                        + describe(produced.variables().names())
                                : source.source() + ": no rule of rule set " + ruleSet + " (revision "
                                        + produced.revision() + ") puts a customer in this segment"));
            }
        }
        if (!errors.isEmpty()) {
            throw new UndeclaredSourceException(errors);
        }
    }

    private static String describe(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private String write(List<FieldMapping> mapping) {
        try {
            return json.writeValueAsString(mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
