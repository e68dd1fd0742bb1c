package dev.tailor.rules;

import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactSchemaException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Compiles rule sets at run time with the plain KIE API, one KieBase per content hash, so that new revisions
 * load without a restart. Compilation takes up to seconds: call it off the request path.
 */
@ApplicationScoped
public class RuleCompiler {

    private final MeterRegistry metrics;

    public RuleCompiler(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    private static final String RESOURCES = "src/main/resources/";

    public CompiledRuleSet compile(RuleSetSource source) {
        long started = System.nanoTime();
        String sha256 = source.sha256();
        FactSchema facts = declaredFacts(source);
        List<RuleMessage> undeclared = FactUsageValidator.checkAll(source.drlTexts(), facts);
        if (!undeclared.isEmpty()) {
            metrics.counter("tailor.rules.compile.failures", "ruleSet", source.name()).increment();
            throw new RuleCompilationException(source.name(), undeclared);
        }
        CompiledRuleSet compiled = DroolsContext.call(() -> {
            KieServices kie = KieServices.Factory.get();
            ReleaseId releaseId = kie.newReleaseId("dev.tailor.rulesets", source.name(), "1.0.0-" + sha256);
            KieFileSystem files = kie.newKieFileSystem();
            files.generateAndWritePomXML(releaseId);
            source.files().forEach((path, content) -> {
                if (!path.equals(RuleSetSource.FACTS_FILE)) {
                    files.write(RESOURCES + source.name() + "/" + path, content);
                }
            });
            KieBuilder builder = kie.newKieBuilder(files, DroolsContext.APPLICATION).buildAll();
            List<RuleMessage> errors = CompilerMessages.forAnalysts(builder.getResults()
                    .getMessages(Message.Level.ERROR).stream()
                    .map(message -> new RuleMessage(relative(source, message.getPath()), message.getLine(),
                            message.getColumn(), message.getText().strip()))
                    .toList());
            if (!errors.isEmpty()) {
                metrics.counter("tailor.rules.compile.failures", "ruleSet", source.name()).increment();
                throw new RuleCompilationException(source.name(), errors);
            }
            var container = kie.newKieContainer(releaseId, DroolsContext.APPLICATION);
            // The container holds what it needs; keeping every module in the global repository would leak one
            // per revision.
            kie.getRepository().removeKieModule(releaseId);
            return new CompiledRuleSet(source.name(), sha256, 0, container.getKieBase(), facts);
        });
        long nanos = System.nanoTime() - started;
        Timer.builder("tailor.rules.compile").description("Rule set compilations").tags("ruleSet", source.name())
                .register(metrics).record(nanos, TimeUnit.NANOSECONDS);
        Log.infof("Compiled rule set %s (%s, %d files) in %d ms", source.name(), sha256.substring(0, 12),
                source.files().size(), nanos / 1_000_000);
        return compiled;
    }

    /** The rule set's facts.yaml; a rule set without one may ask for traits only. */
    private static FactSchema declaredFacts(RuleSetSource source) {
        byte[] yaml = source.files().get(RuleSetSource.FACTS_FILE);
        if (yaml == null) {
            return FactSchema.NONE;
        }
        try {
            return FactSchema.parse(yaml);
        } catch (FactSchemaException e) {
            throw new RuleCompilationException(source.name(), e.problems().stream()
                    .map(problem -> RuleMessage.of(RuleSetSource.FACTS_FILE, problem))
                    .toList());
        }
    }

    private static String relative(RuleSetSource source, String path) {
        if (path == null) {
            return source.name();
        }
        String folder = source.name() + "/";
        String relative = path.startsWith(RESOURCES) ? path.substring(RESOURCES.length()) : path;
        return relative.startsWith(folder) ? relative.substring(folder.length()) : relative;
    }
}
