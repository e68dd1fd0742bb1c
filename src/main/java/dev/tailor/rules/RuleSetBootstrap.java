package dev.tailor.rules;

import dev.tailor.facts.FactsStore;
import dev.tailor.facts.TrackedFacts;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Instant;

/**
 * At start-up: compiles the default rule set from the rules folder, records its revision in PostgreSQL, tracks
 * its declared facts and activates it. One evaluation follows at once, so that Drools initialises on this thread with the application's
 * class loader before any request arrives. A rule set that does not compile stops the start.
 */
@ApplicationScoped
public class RuleSetBootstrap {

    private final RulesConfig config;
    private final RuleCompiler compiler;
    private final RuleSetRevisionService revisions;
    private final RuleEngine engine;
    private final FactsStore facts;
    private final TrackedFacts tracked;

    public RuleSetBootstrap(RulesConfig config, RuleCompiler compiler, RuleSetRevisionService revisions,
            RuleEngine engine, FactsStore facts, TrackedFacts tracked) {
        this.facts = facts;
        this.tracked = tracked;
        this.config = config;
        this.compiler = compiler;
        this.revisions = revisions;
        this.engine = engine;
    }

    /** Before the messaging channels start (priority 1000), so that no event is applied without active rules. */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 100) StartupEvent event) throws Throwable {
        RuleSetSource source = RuleSetSource.fromDirectory(config.dir().resolve(config.defaultSet()));
        CompiledRuleSet compiled = compiler.compile(source);
        RuleSetRevision revision = VertxContextSupport.subscribeAndAwait(
                () -> revisions.record(compiled.name(), compiled.sha256()));
        CompiledRuleSet active = compiled.withRevision(revision.id);
        tracked.track(active.facts());
        engine.evaluate(active, facts.noFacts("warm-up", Instant.now()));
        engine.activate(active);
        Log.infof("Active rule set %s, revision %d", active.name(), active.revision());
    }
}
