package dev.tailor.rules;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** The rule engine and the sample rule set outside Quarkus, for tests and benchmarks that need neither Redis nor CDI. */
public final class PlainEngine {

    private PlainEngine() {}

    /** An engine configured by the defaults but for its number of evaluation threads; quarantine on. */
    public static RuleEngine withThreads(int threads, Consumer<RevisionFailing> failing) {
        RulesConfig config = new SmallRyeConfigBuilder()
                .withMapping(RulesConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValue("tailor.rules.evaluation-threads", Integer.toString(threads))
                .build()
                .getConfigMapping(RulesConfig.class);
        return new RuleEngine(config, new SimpleMeterRegistry(), failing);
    }

    /** The sample rule set (rules/marketing), freshly compiled: a revision no evaluation has run on yet. */
    public static CompiledRuleSet sampleRules() {
        return new RuleCompiler(new SimpleMeterRegistry())
                .compile(RuleSetSource.fromDirectory(Path.of("rules", "marketing")));
    }

    /** Stops the engine's threads. */
    public static void stop(RuleEngine engine) {
        engine.shutdown();
    }
}
