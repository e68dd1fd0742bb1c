package dev.tailor.rules;

import dev.tailor.facts.FactSchema;
import dev.tailor.facts.FactSchemaException;
import dev.tailor.rules.sandbox.Finding;
import dev.tailor.rules.sandbox.RuleSandbox;
import dev.tailor.rules.sandbox.TableCells;
import dev.tailor.rules.sandbox.YamlPositions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.internal.builder.conf.ExternaliseCanonicalModelLambdaOption;

/**
 * Compiles rule sets at run time with the plain KIE API, one KieBase per content hash, so that new revisions
 * load without a restart. Compilation takes up to seconds: call it off the request path.
 *
 * <p>Rules compile with Drools' executable model, so every constraint, consequence, function and declared type is
 * Java bytecode; {@link RuleSandbox} checks the rule files' declarations before the build and every generated class
 * before it is loaded, so a rule set that reaches beyond the fact API is refused before any of it runs; then
 * {@link VariableCheck} refuses a rule that sets a variable its facts.yaml does not declare, or of another type.
 */
@ApplicationScoped
public class RuleCompiler {

    private final MeterRegistry metrics;

    public RuleCompiler(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    private static final String RESOURCES = "src/main/resources/";
    private static final String MODULE = DroolsContext.call(RuleCompiler::module);

    /**
     * One compile at a time: the module of a revision is put into Drools' shared repository under the revision's
     * release id and removed once its container is made, so two compiles of one revision at once (concurrent
     * activations) would remove each other's module.
     */
    public synchronized CompiledRuleSet compile(RuleSetSource source) {
        long started = System.nanoTime();
        String sha256 = source.sha256();
        FactSchema facts = declaredFacts(source);
        DeclaredVariables variables = declaredVariables(source);
        Map<String, String> drl = source.drlTexts();
        Map<String, TableCells> tables = source.tableCells();
        refuseIfAny(source, CompilerMessages.forAnalysts(FactUsageValidator.checkAll(drl, facts), drl, tables));
        RuleSandbox sandbox = RuleSandbox.of(drl);
        refuseIfAny(source, located(sandbox.checkDeclarations(), drl, tables));
        CompiledRuleSet compiled = DroolsContext.call(() -> {
            KieServices kie = KieServices.Factory.get();
            ReleaseId releaseId = kie.newReleaseId("dev.tailor.rulesets", source.name(), "1.0.0-" + sha256);
            KieFileSystem files = kie.newKieFileSystem();
            files.generateAndWritePomXML(releaseId);
            files.writeKModuleXML(MODULE);
            source.files().forEach((path, content) -> {
                if (!path.equals(RuleSetSource.FACTS_FILE)) {
                    files.write(RESOURCES + source.name() + "/" + path, content);
                }
            });
            KieBuilder builder =
                    kie.newKieBuilder(files, DroolsContext.APPLICATION).buildAll(ExecutableModelProject.class);
            refuseIfAny(
                    source,
                    CompilerMessages.forAnalysts(
                            builder.getResults().getMessages(Message.Level.ERROR).stream()
                                    .map(message -> new RuleMessage(
                                            relative(source, message.getPath()),
                                            message.getLine(),
                                            message.getColumn(),
                                            message.getText().strip()))
                                    .toList(),
                            drl,
                            tables));
            // Built means generated and compiled, not loaded: the classes are bytes in the module's memory file
            // system until the container below loads them, so this is the last moment to refuse them.
            InternalKieModule module = (InternalKieModule) builder.getKieModule();
            Map<String, byte[]> generated = classes(module);
            List<RuleMessage> forbidden = located(sandbox.checkCompiled(generated), drl, tables);
            if (forbidden.isEmpty()) {
                forbidden = located(VariableCheck.check(generated, variables, sandbox), drl, tables);
            }
            if (!forbidden.isEmpty()) {
                kie.getRepository().removeKieModule(releaseId);
                refuseIfAny(source, forbidden);
            }
            var container = kie.newKieContainer(releaseId, DroolsContext.APPLICATION);
            // The container holds what it needs; keeping every module in the global repository would leak one
            // per revision.
            kie.getRepository().removeKieModule(releaseId);
            return new CompiledRuleSet(
                    source.name(),
                    sha256,
                    0,
                    container.getKieBase(),
                    facts,
                    variables,
                    Set.copyOf(RuleSetOutline.of(source).segments()));
        });
        long nanos = System.nanoTime() - started;
        Timer.builder("tailor.rules.compile")
                .description("Rule set compilations")
                .tags("ruleSet", source.name())
                .register(metrics)
                .record(nanos, TimeUnit.NANOSECONDS);
        Log.infof(
                "Compiled rule set %s (%s, %d files) in %d ms",
                source.name(), sha256.substring(0, 12), source.files().size(), nanos / 1_000_000);
        return compiled;
    }

    private void refuseIfAny(RuleSetSource source, List<RuleMessage> errors) {
        if (!errors.isEmpty()) {
            metrics.counter("tailor.rules.compile.failures", "ruleSet", source.name())
                    .increment();
            throw new RuleCompilationException(source.name(), errors);
        }
    }

    /** The sandbox's findings as messages; those in a decision table at the cell the offending code is in. */
    private static List<RuleMessage> located(
            List<Finding> findings, Map<String, String> drl, Map<String, TableCells> tables) {
        return CompilerMessages.forAnalysts(
                findings.stream()
                        .map(found -> new RuleMessage(found.file(), found.line(), found.column(), found.text()))
                        .toList(),
                drl,
                tables);
    }

    /** Every class file the build generated, by path. */
    private static Map<String, byte[]> classes(InternalKieModule module) {
        Map<String, byte[]> classes = new TreeMap<>();
        for (String name : module.getFileNames()) {
            if (name.endsWith(".class")) {
                classes.put(name, module.getBytes(name));
            }
        }
        return classes;
    }

    private static String module() {
        KieModuleModel module = KieServices.Factory.get().newKieModuleModel();
        // Lambdas stay methods of the rule classes they belong to, which ties each to its rule for error messages
        // and makes fewer classes to compile.
        module.setConfigurationProperty(ExternaliseCanonicalModelLambdaOption.PROPERTY_NAME, "false");
        return module.toXML();
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
            throw new RuleCompilationException(
                    source.name(),
                    e.problems().stream()
                            .map(problem -> factsProblem(yaml, problem))
                            .toList());
        }
    }

    /** The variables its facts.yaml declares; none without one. */
    private static DeclaredVariables declaredVariables(RuleSetSource source) {
        byte[] yaml = source.files().get(RuleSetSource.FACTS_FILE);
        try {
            return yaml == null ? DeclaredVariables.NONE : DeclaredVariables.parse(yaml);
        } catch (DeclaredVariables.InvalidDeclarationException e) {
            throw new RuleCompilationException(
                    source.name(),
                    e.problems().stream()
                            .map(problem -> factsProblem(yaml, problem))
                            .toList());
        }
    }

    /**
     * A facts.yaml problem at the key it names ({@code events.Product Viewed.window: ...}), or a syntax error at
     * the parser's position in its own words.
     */
    private static RuleMessage factsProblem(byte[] yaml, String problem) {
        if (problem.startsWith("not valid YAML")) {
            return YamlPositions.syntaxError(yaml)
                    .map(error -> new RuleMessage(
                            RuleSetSource.FACTS_FILE,
                            error.line(),
                            error.column(),
                            "not valid YAML: " + error.problem()))
                    .orElse(RuleMessage.of(RuleSetSource.FACTS_FILE, problem));
        }
        int colon = problem.indexOf(": ");
        int[] at = YamlPositions.of(yaml, colon < 0 ? problem : problem.substring(0, colon));
        return new RuleMessage(RuleSetSource.FACTS_FILE, at[0], at[1], problem);
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
