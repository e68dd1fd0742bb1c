package dev.tailor.rules.revisions;

import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.RulesConfig;
import dev.tailor.rules.scenarios.ScenarioFiles;
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
 * fails its proof is not activated, both logged as errors.
 */
@ApplicationScoped
public class RuleSetBootstrap {

    private static final String AUTHOR = "rules folder";

    private final RulesConfig config;
    private final RuleSetService ruleSets;
    private final RuleSetActivator activator;
    private final RuleEngine engine;

    public RuleSetBootstrap(RulesConfig config, RuleSetService ruleSets, RuleSetActivator activator,
            RuleEngine engine) {
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
            RuleSetSource source = RuleSetSource.fromDirectory(folder);
            RuleSetService.Stored stored = ruleSets.store(source, AUTHOR, "rules/" + source.name() + " at start-up");
            Optional<RuleSetActivation> active = ruleSets.activeOf(source.name());
            if (active.isEmpty()) {
                activate(folder, stored.revision().id, "first start-up");
            } else if (config.activateFolderOnStart() && !active.get().revisionId.equals(stored.revision().id)) {
                activate(folder, stored.revision().id, "rules/" + source.name()
                        + " changed (tailor.rules.activate-folder-on-start)");
            }
        }
        if (engine.active().isEmpty()) {
            throw new IllegalStateException("The default rule set " + config.defaultSet()
                    + " is not active: add rules/" + config.defaultSet() + " or set tailor.rules.default-set");
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
     * A folder's revision activated once it passes its proof, the folder's scenarios included; otherwise what was
     * active stays, loudly.
     */
    private void activate(Path folder, long revision, String reason) {
        String ruleSet = folder.getFileName().toString();
        try {
            ruleSets.activate(ruleSet, revision, AUTHOR, reason, ScenarioFiles.read(folder));
        } catch (ActivationRefusedException | IllegalArgumentException e) {
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
