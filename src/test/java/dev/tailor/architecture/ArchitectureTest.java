package dev.tailor.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.freeze.FreezingArchRule.freeze;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the main code, as plain JUnit tests (no Quarkus, no services).
 *
 * <p>Rules the code breaks today are frozen: their current violations are recorded in
 * src/test/resources/archunit-store (see archunit.properties) and only a new one fails. A change that removes a
 * recorded violation fails too until the store is updated to match, so that it can never come back unnoticed:
 * run this test with {@code -Darchunit.freeze.store.default.allowStoreUpdate=true} and commit the smaller store.
 */
class ArchitectureTest {

    /** Each package directly under this one is a feature (or shared, cli, bench) and a node of the graph. */
    private static final String FEATURES = "dev.tailor";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(FEATURES);
    }

    @Test
    void noNewPackageCycles() {
        freeze(classes().should(FeatureGraph.cycles(FEATURES))
                .because("a feature that can be read, tested and changed alone needs the features it uses to not"
                        + " use it back; the edges recorded are the ones to take apart, none may be added"))
                .check(main);
    }

    @Test
    void sharedImportsNoNewFeature() {
        freeze(classes().should(FeatureGraph.dependenciesOf(FEATURES, "shared"))
                .because("shared code sits below every feature: each feature may use it, so it may use none of"
                        + " them (features extend its types instead, e.g. a problem exception mapped once)"))
                .check(main);
    }

    @Test
    void onlyTheEntryPointUsesCliAndBench() {
        noClasses().that().resideOutsideOfPackages("dev.tailor.cli..", "dev.tailor.bench..")
                .should().dependOnClassesThat(resideInAnyPackage("dev.tailor.cli..", "dev.tailor.bench.."))
                .because("cli is the process entry point and bench the benchmark harness: they call the features,"
                        + " and a feature calling them back would tie the service to how it is started or measured")
                .check(main);
    }

    @Test
    void noNewStandardStreamOutsideCli() {
        freeze(noClasses().that().resideOutsideOfPackage("dev.tailor.cli..")
                .should(ACCESS_STANDARD_STREAMS)
                .because("the service reports through its logger (JSON in production, levels, no personal data"
                        + " above debug); only the command line prints for a person at a terminal"))
                .check(main);
    }

    @Test
    void noNewFieldInjection() {
        freeze(noFields().should().beAnnotatedWith("jakarta.inject.Inject")
                .because("beans take what they need through their constructor into final fields, so that a"
                        + " plain test can build them and no half-built bean is ever seen"))
                .check(main);
    }
}
