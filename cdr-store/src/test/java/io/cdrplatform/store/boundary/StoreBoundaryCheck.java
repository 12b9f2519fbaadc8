package io.cdrplatform.store.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The store boundary as a test of one module: extend it in the module (its {@code StoreBoundaryTest})
 * and name the module's root package. The module's production classes build no MongoDB or Redis
 * client and open no collection by name, and its sources ({@code src/main/java}) name neither the
 * {@code call_records} collection, nor one of its fields, nor a Redis key or per-call hash field ({@link StoreBoundary};
 * {@code StoreBoundaryRuleTest} proves the rule fails on code that does).
 */
public abstract class StoreBoundaryCheck {

    /** The module's root package, e.g. {@code io.cdrplatform.logger}. */
    protected abstract String productionPackage();

    @Test
    void noProductionClassBuildsAStoreClientOrOpensACollectionByName() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(productionPackage());
        assertThat(production).isNotEmpty();
        StoreBoundary.archRules().forEach(rule -> rule.check(production));
    }

    @Test
    void noProductionSourceNamesTheCollectionOrOneOfItsFields() {
        assertThat(StoreBoundary.sourceViolations(Path.of("src/main/java"))).isEmpty();
    }
}
