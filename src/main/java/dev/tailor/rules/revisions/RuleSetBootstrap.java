package dev.tailor.rules.revisions;

import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RulesConfig;
import dev.tailor.rules.scenarios.ScenarioFileException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * At start-up, before any event is consumed: stores every rule set folder under {@code tailor.rules.dir} as a
 * revision, activates a folder that was never active (or that changed, with {@code activate-folder-on-start}),
 * and brings the active revision of every rule set, as PostgreSQL's activation log names it, into service on
 * this node. Drools is initialised here, on the main thread with the application's class loader. A rule set folder
 * that does not compile, or no active default rule set, stops the start; an active revision that fails to come into
 * service (its warm-up throws or overruns the budget) is replaced by the latest good one, and a folder revision that
 * fails its proof (warm-up or scenarios) or whose scenario files cannot be read is not activated, logged as errors.
 */
@ApplicationScoped
public class RuleSetBootstrap {

    private static final String AUTHOR = "rules folder";

    private final RulesConfig config;
    private final RuleSetService ruleSets;
    private final RuleSetActivator activator;
    private final RuleEngine engine;

    public RuleSetBootstrap(
            RulesConfig config, RuleSetService ruleSets, RuleSetActivator activator, RuleEngine engine) {
        this.config = config;
        this.ruleSets = ruleSets;
        this.activator = activator;
        this.engine = engine;
    }

    /** Before the messaging channels start (priority 1000), so that no event is applied without active rules. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 100) StartupEvent event) {
        if (!config.bootstrap()) {
            return;
        }
        // What PostgreSQL says is active comes into service first, so that a folder activated next is compared
        // with the facts tracked until now (and only facts new to them are back-filled).
        bringActiveIntoService();
        for (Path folder : folders()) {
            RuleSetContent content = RuleSetContent.fromDirectory(folder);
            Optional<RuleSetService.Stored> stored = store(content);
            if (stored.isEmpty()) {
                continue;
            }
            long revision = stored.get().revision().id;
            Optional<RuleSetActivation> active = ruleSets.activeOf(content.name());
            if (active.isEmpty()) {
                activate(content.name(), revision, "first start-up");
            } else if (config.activateFolderOnStart()
                    && !active.get().revisionId.equals(revision)) {
                activate(
                        content.name(),
                        revision,
                        "rules/" + content.name() + " changed (tailor.rules.activate-folder-on-start)");
            }
        }
        if (engine.active().isEmpty()) {
            throw new IllegalStateException("The default rule set " + config.defaultSet() + " is not active: add rules/"
                    + config.defaultSet() + " or set tailor.rules.default-set");
        }
        Log.infof("Rule sets in service: %s", engine.allActive().keySet());
    }

    /** Every revision the activation log names; one that fails comes out for the latest good one, loudly. */
    private void bringActiveIntoService() {
        for (RuleSetActivation active : ruleSets.activeRuleSets()) {
            if (!activator.follow(active)) {
                activator.fallBack(active);
            }
        }
    }

    /**
     * A folder stored as a revision, scenario files included; a folder whose scenario files cannot be read is not
     * stored, loudly, and what was active stays.
     */
    private Optional<RuleSetService.Stored> store(RuleSetContent content) {
        try {
            return Optional.of(ruleSets.store(content, AUTHOR, "rules/" + content.name() + " at start-up"));
        } catch (ScenarioFileException e) {
            Log.errorf(
                    "RULE SET %s: rules/%s was not stored at start-up, its scenario files cannot be read:%n%s",
                    content.name(), content.name(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * A folder's revision activated once it passes its proof, its scenarios included; otherwise what was active
     * stays, loudly.
     */
    private void activate(String ruleSet, long revision, String reason) {
        try {
            ruleSets.activate(ruleSet, revision, AUTHOR, reason);
        } catch (ActivationRefusedException e) {
            Log.errorf("RULE SET %s: rules/%s was not activated at start-up: %s", ruleSet, ruleSet, e.getMessage());
        }
    }

    private List<Path> folders() {
        if (!Files.isDirectory(config.dir())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(config.dir())) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
