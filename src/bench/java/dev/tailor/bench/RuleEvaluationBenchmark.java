package dev.tailor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tailor.facts.Customer;
import dev.tailor.facts.SampleShopper;
import dev.tailor.rules.CompiledRuleSet;
import dev.tailor.rules.Evaluation;
import dev.tailor.rules.RuleCompiler;
import dev.tailor.rules.RuleEngine;
import dev.tailor.rules.RulesConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One customer's evaluation on generated rule sets of 10, 100 and 500 rules ({@link GeneratedRules}): the
 * render-time evaluation, and the evaluation followed by the next-change search the facts consumer runs after
 * every event. Each invocation reads a fresh {@link Customer} (as a request decodes one), so no window total is
 * cached from the previous invocation.
 *
 * <p>{@code main(OUT.json, [JMH options])} runs it with short iterations (about 3 minutes in all) and writes
 * {@code {"rules":{"10":{"us_per_eval":...,"us_per_eval_with_next_change":...,"cpu_us_per_eval":...,
 * "compile_ms":...},...}}}. See bench/rules.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class RuleEvaluationBenchmark {

    private static final int[] SIZES = {10, 100, 500};
    private static final Duration CPU_WARMUP = Duration.ofSeconds(8);
    private static final Duration CPU_MEASURE = Duration.ofSeconds(5);

    @Param({"10", "100", "500"})
    int rules;

    private RuleEngine engine;
    private CompiledRuleSet ruleSet;
    private Customer customer;

    @Setup
    public void compile() throws Exception {
        quietLogs();
        engine = new RuleEngine(defaults(), new SimpleMeterRegistry(), failing -> {});
        ruleSet = compiler().compile(GeneratedRules.ruleSet("bench" + rules, rules));
        customer = SampleShopper.at(Instant.now(), ruleSet.facts());
        if (engine.evaluate(ruleSet, customer.at(customer.getNow())).segments().isEmpty()) {
            throw new IllegalStateException("The sample customer should be in some segments of " + rules + " rules");
        }
    }

    @Benchmark
    public Evaluation evaluate() {
        return engine.evaluate(ruleSet, customer.at(customer.getNow()));
    }

    @Benchmark
    public Optional<Instant> evaluateWithNextChange() {
        Customer fresh = customer.at(customer.getNow());
        return engine.nextChange(ruleSet, fresh, engine.evaluate(ruleSet, fresh));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: RuleEvaluationBenchmark OUT.json [JMH options]");
        }
        quietLogs();
        CommandLineOptions given = new CommandLineOptions(Arrays.copyOfRange(args, 1, args.length));
        Map<String, Map<String, Object>> bySize = new LinkedHashMap<>();
        for (int size : SIZES) {
            bySize.put(Integer.toString(size), new LinkedHashMap<>());
        }
        List<String> sizes = List.copyOf(given.getParameter("rules").orElse(Arrays.stream(SIZES).mapToObj(Integer::toString).toList()));
        compileTimes().forEach((size, ms) -> bySize.get(size).put("compile_ms", ms));
        for (String size : sizes) {
            bySize.get(size).put("cpu_us_per_eval", cpuMicrosPerEvaluation(Integer.parseInt(size)));
        }
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(given)
                .include(RuleEvaluationBenchmark.class.getName() + "\\.").build()).run();
        for (RunResult result : results) {
            String size = result.getParams().getParam("rules");
            String method = result.getParams().getBenchmark().substring(RuleEvaluationBenchmark.class.getName().length() + 1);
            double micros = Math.round(result.getPrimaryResult().getScore() * 10) / 10.0;
            bySize.get(size).put(method.equals("evaluate") ? "us_per_eval" : "us_per_eval_with_next_change", micros);
        }
        File out = Path.of(args[0]).toFile();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, Map.of("rules", bySize));
        System.out.println("[bench] rules: " + bySize);
    }

    /**
     * CPU time of one evaluation, measured on this thread after a warm-up: on a shared machine the wall-clock
     * figures of JMH include the time other processes hold the cores; CPU time does not.
     */
    private static double cpuMicrosPerEvaluation(int size) throws Exception {
        RuleEvaluationBenchmark bench = new RuleEvaluationBenchmark();
        bench.rules = size;
        bench.compile();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (long until = System.nanoTime() + CPU_WARMUP.toNanos(); System.nanoTime() < until; ) {
            bench.evaluate();
        }
        long runs = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (long until = System.nanoTime() + CPU_MEASURE.toNanos(); System.nanoTime() < until; runs++) {
            bench.evaluate();
        }
        return Math.round((threads.getCurrentThreadCpuTime() - cpuStart) / 100.0 / runs) / 10.0;
    }

    /** How long each size takes to compile, in this JVM after a first compilation has loaded Drools. */
    private static Map<String, Long> compileTimes() throws Exception {
        RuleCompiler compiler = compiler();
        compiler.compile(GeneratedRules.ruleSet("warmup", 10));
        Map<String, Long> times = new LinkedHashMap<>();
        for (int size : SIZES) {
            long started = System.nanoTime();
            compiler.compile(GeneratedRules.ruleSet("bench" + size, size));
            times.put(Integer.toString(size), Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        return times;
    }

    /**
     * Logs at INFO, as the application does: outside Quarkus the log manager would hand Drools' TRACE messages
     * (which format every fact handle) to a buffer and make the benchmark measure logging.
     */
    private static void quietLogs() {
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
    }

    private static RuleCompiler compiler() {
        return new RuleCompiler(new SimpleMeterRegistry());
    }

    /** The engine's defaults; a benchmark never bootstraps rule sets from folders. */
    private static RulesConfig defaults() {
        return new RulesConfig() {
            public Path dir() {
                return Path.of("rules");
            }

            public String defaultSet() {
                return "bench";
            }

            public boolean activateFolderOnStart() {
                return false;
            }

            public boolean backfillNewFacts() {
                return false;
            }

            public boolean bootstrap() {
                return false;
            }

            public Duration reconcileEvery() {
                return Duration.ofSeconds(15);
            }

            public Duration evaluationBudget() {
                return Duration.ofMillis(150);
            }

            public Duration abandonAfter() {
                return Duration.ofSeconds(5);
            }

            public Duration warmUpDeadline() {
                return Duration.ofSeconds(10);
            }

            public int evaluationThreads() {
                return 4;
            }

            public int evaluationQueue() {
                return 10_000;
            }

            public int maxAbandonedThreads() {
                return 16;
            }

            public Duration stopAbandonedAfter() {
                return Duration.ofSeconds(5);
            }

            public Quarantine quarantine() {
                return new Quarantine() {
                    public boolean enabled() {
                        return false;
                    }

                    public int threshold() {
                        return 5;
                    }

                    public Duration window() {
                        return Duration.ofSeconds(60);
                    }
                };
            }

            public Probes probes() {
                return new Probes() {
                    public int sample() {
                        return 0;
                    }

                    public java.util.Optional<java.util.List<String>> customers() {
                        return java.util.Optional.empty();
                    }
                };
            }
        };
    }
}
