package io.cdrplatform.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.cdrplatform.store.boundary.StoreBoundary;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * This module reads and writes the stores only through cdr-store: it builds no MongoDB or Redis
 * client, opens no collection by name, and names neither the {@code call_records} collection nor
 * one of its fields (the rule and the proof that it can fail: cdr-store's {@code StoreBoundary}
 * and {@code StoreBoundaryRuleTest}).
 */
class StoreBoundaryTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cdrplatform.logger");

    @Test
    void noProductionClassBuildsAStoreClientOrOpensACollectionByName() {
        assertThat(PRODUCTION).isNotEmpty();
        StoreBoundary.archRules().forEach(rule -> rule.check(PRODUCTION));
    }

    @Test
    void noProductionSourceNamesTheCollectionOrOneOfItsFields() {
        assertThat(StoreBoundary.sourceViolations(Path.of("src/main/java"))).isEmpty();
    }
}
