package io.cdrplatform.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** cdr-core is the domain: adapters depend on it, never the other way round. */
@AnalyzeClasses(packages = "io.cdrplatform.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noAwsMongoOrRedisInTheDomain = noClasses()
            .that().resideInAPackage("io.cdrplatform.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "software.amazon..", "com.amazonaws..", "com.mongodb..", "org.bson..",
                    "io.lettuce..", "redis..", "io.netty..", "java.sql..", "org.postgresql..")
            .because("cdr-core holds the domain; AWS, MongoDB, Redis and network code belong in adapters");

    @ArchTest
    static final ArchRule noAdapterPackagesInTheDomain = noClasses()
            .that().resideInAPackage("io.cdrplatform.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.cdrplatform.logger..", "io.cdrplatform.query..", "io.cdrplatform.bridge..",
                    "io.cdrplatform.local..")
            .because("dependencies point inwards");
}
