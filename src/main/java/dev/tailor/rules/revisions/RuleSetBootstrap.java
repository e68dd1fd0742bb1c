package dev.tailor.rules.revisions;

import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RuleSetSource;
import dev.tailor.rules.RulesConfig;
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
 * this node. Drools is initialised here, on the main thread with the application's class loader. A rule set that
 * does not compile, or no active default rule set, stops the start.
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
                ruleSets.activate(source.name(), stored.revision().id, AUTHOR, "first start-up");
            } else if (config.activateFolderOnStart() && !active.get().revisionId.equals(stored.revision().id)) {
                ruleSets.activate(source.name(), stored.revision().id, AUTHOR, "rules/" + source.name()
                        + " changed (tailor.rules.activate-folder-on-start)");
            }
        }
        if (engine.active().isEmpty()) {
            throw new IllegalStateException("The default rule set " + config.defaultSet()
                    + " is not active: add rules/" + config.defaultSet() + " or set tailor.rules.default-set");
        }
        Log.infof("Rule sets in service: %s", engine.allActive().keySet());
    }

    private void bringActiveIntoService() {
        for (RuleSetActivation active : ruleSets.activeRuleSets()) {
            ruleSets.revision(active.ruleSet, active.revisionId)
                    .ifPresent(revision -> activator.bringIntoService(ruleSets.compiled(revision)));
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
