package dev.tailor.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.freeze.FreezingArchRule.freeze;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.tailor.shared.vertx.OffTheEventLoop;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The package rules of the main code, as plain JUnit tests (no Quarkus, no services). Each package directly under
 * {@code dev.tailor} is a feature (with its sub-packages) and sits in one {@link Layer}; docs/architecture.md draws
 * the same graph.
 *
 * <p>One rule the code still breaks is frozen: its violations are recorded in src/test/resources/archunit-store (see
 * archunit.properties) and only a new one fails. Removing a recorded one fails too until the store is updated: rerun
 * this test with {@code -Darchunit.freeze.store.default.allowStoreUpdate=true} and commit the smaller store.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.tailor";

    private static JavaClasses main;

    /**
     * The layers, lowest first. A layer's classes use their own layer's and lower ones', never a higher one's; each
     * layer says why it sits where it does. Within a layer, {@link #noPackageCycles()} keeps the order.
     */
    enum Layer {
        FOUNDATION(
                "every feature speaks the domain event, its stored format and the technical helpers, so they can"
                        + " use none of them",
                "shared",
                "events",
                "schema"),
        DATA(
                "facts, their normalisation and quality, and API keys are what every flow reads, so a fact read or a"
                        + " key check never depends on a flow (duplicate review merges through CustomerMerges, which identity"
                        + " implements)",
                "facts",
                "hygiene",
                "security"),
        INGEST(
                "Segment calls are read and published here; what consumes them (the pipeline) and what reads its"
                        + " scenarios' events as Segment calls (rules) build on it",
                "ingest"),
        RULES(
                "decisions and destinations are made with the rules, so rules use neither (an activation announces"
                        + " newly tracked facts as a CDI event rather than starting their back-fill itself)",
                "rules"),
        DECISIONS(
                "identity re-decides customers after a merge, so decisions learn of merges from the ProfilesMerged"
                        + " event rather than asking identity",
                "decisions",
                "sync"),
        IDENTITY(
                "the flows that apply, replay and erase events use identity (an unmerge rebuilds customers through"
                        + " FactsRebuild, which the pipeline implements)",
                "identity"),
        FLOWS(
                "each flow carries one piece of work through several features (applying the event log, erasing a"
                        + " customer, importing a file), and only the entry point starts one",
                "pipeline",
                "erasure",
                "imports"),
        ENTRY(
                "the process entry point and the benchmark harness: nothing calls them, as a feature calling them would"
                        + " tie the service to how it is started or measured",
                "cli",
                "bench");

        private final String reason;
        private final String[] packages;

        Layer(String reason, String... features) {
            this.reason = reason;
            this.packages = Arrays.stream(features)
                    .map(feature -> ROOT + "." + feature + "..")
                    .toArray(String[]::new);
        }

        String[] above() {
            return Arrays.stream(values())
                    .filter(layer -> layer.ordinal() > ordinal())
                    .flatMap(layer -> Stream.of(layer.packages))
                    .toArray(String[]::new);
        }

        static String[] all() {
            return Arrays.stream(values())
                    .flatMap(layer -> Stream.of(layer.packages))
                    .toArray(String[]::new);
        }
    }

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..")
                .namingSlices("$1")
                .should()
                .beFreeOfCycles()
                .because("a feature that can be read, tested and changed alone needs the features it uses to not"
                        + " use it back")
                .check(main);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Layer.class, names = "ENTRY", mode = EnumSource.Mode.EXCLUDE)
    void noLayerUsesAHigherOne(Layer layer) {
        noClasses()
                .that()
                .resideInAnyPackage(layer.packages)
                .should()
                .dependOnClassesThat(resideInAnyPackage(layer.above()))
                .because(layer.reason)
                .check(main);
    }

    @Test
    void everyFeatureHasItsLayer() {
        classes()
                .should()
                .resideInAnyPackage(Layer.all())
                .because("a new package under " + ROOT + " is placed in the graph on purpose: add it to the layer"
                        + " whose features it uses and that use it")
                .check(main);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"shared", "events"})
    void leavesUseNoFeature(String leaf) {
        noClasses()
                .that()
                .resideInAPackage(ROOT + "." + leaf + "..")
                .should()
                .dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideInAPackage(ROOT + "." + leaf + "..").negate()))
                .because("every feature may use " + leaf + ", so it uses none of them: a feature extends its types"
                        + " (a problem exception mapped once, a store erasure asks to forget) or fires its events")
                .check(main);
    }

    /**
     * A raw request body is a batch of calls to decode, check and publish: tens of milliseconds of CPU for the
     * largest, which renders sharing the event loop would queue behind. Such endpoints either answer a plain value,
     * which Quarkus runs on a worker thread, or hand their work to {@link OffTheEventLoop}.
     */
    @Test
    void rawRequestBodiesAreReadOffTheEventLoop() {
        DescribedPredicate<JavaMethod> readsRawBody = DescribedPredicate.describe(
                "take a raw request body",
                method -> method.getRawParameterTypes().stream().anyMatch(type -> type.isEquivalentTo(byte[].class)));
        ArchCondition<JavaMethod> offTheEventLoop = new ArchCondition<>("run on a worker thread") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean onWorker = !method.getRawReturnType().isEquivalentTo(Uni.class)
                        || method.getMethodCallsFromSelf().stream()
                                .anyMatch(call -> call.getTargetOwner().isEquivalentTo(OffTheEventLoop.class));
                events.add(new SimpleConditionEvent(
                        method,
                        onWorker,
                        method.getFullName() + " answers a Uni and reads its body on the event loop"));
            }
        };
        methods()
                .that()
                .areAnnotatedWith(POST.class)
                .and(readsRawBody)
                .should(offTheEventLoop)
                .check(main);
    }

    @Test
    void noNewStandardStreamOutsideCli() {
        freeze(noClasses()
                        .that()
                        .resideOutsideOfPackage(ROOT + ".cli..")
                        .should(ACCESS_STANDARD_STREAMS)
                        .because("the service reports through its logger (JSON in production, levels, no personal data"
                                + " above debug); only the command line prints for a person at a terminal"))
                .check(main);
    }

    @Test
    void noFieldInjection() {
        noFields()
                .should()
                .beAnnotatedWith("jakarta.inject.Inject")
                .because("beans take what they need through their constructor into final fields, so that a"
                        + " plain test can build them and no half-built bean is ever seen")
                .check(main);
    }
}
