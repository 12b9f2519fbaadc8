package io.cdrplatform.store.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.cdrplatform.boundarysample.CompliantRecords;
import io.cdrplatform.boundarysample.OffendingRecords;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store boundary rule fails on code that crosses the boundary, and only on that. */
class StoreBoundaryRuleTest {

    /** Outside io.cdrplatform.store, like the modules the rule guards. */
    private static final Path SAMPLES = Path.of("src/test/java/io/cdrplatform/boundarysample");

    @Test
    void aClassThatBuildsItsOwnClientsOrOpensACollectionByNameFailsEveryArchRule() {
        // given a class that does each forbidden thing once
        JavaClasses offending = new ClassFileImporter().importClasses(OffendingRecords.class);

        // when / then every rule of the boundary fails on it, naming what it saw
        assertThatThrownBy(() -> StoreBoundary.buildsNoMongoClient().check(offending))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was violated (1 times)").hasMessageContaining("OffendingRecords.ownMongoClient");
        assertThatThrownBy(() -> StoreBoundary.buildsNoRedisClient().check(offending))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was violated (1 times)").hasMessageContaining("OffendingRecords.ownRedisClient");
        assertThatThrownBy(() -> StoreBoundary.opensNoCollectionByName().check(offending))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("was violated (1 times)").hasMessageContaining("OffendingRecords.collectionByName");
    }

    @Test
    void aClassThatGoesThroughTheStorePassesEveryArchRule() {
        // given a class that meets the same needs through cdr-store
        JavaClasses compliant = new ClassFileImporter().importClasses(CompliantRecords.class);

        // when / then
        StoreBoundary.archRules().forEach(rule -> rule.check(compliant));
    }

    @Test
    void aSourceThatNamesTheCollectionOrAFieldIsReportedLineByLine() {
        // given the offending sample's source
        Path file = SAMPLES.resolve("OffendingRecords.java");

        // when it is scanned
        List<String> violations = StoreBoundary.sourceViolations(file);

        // then each literal is reported, with where it is
        assertThat(violations).hasSize(6);
        assertThat(String.join("\n", violations))
                .contains("names the collection call_records")
                .contains("names the call_records field campaignId")
                .contains("names the call_records field outcome")
                .contains("names the call_records field startTime")
                .contains("names the call_records field status")
                .contains("names the field path $cost")
                .contains("OffendingRecords.java:30:");
    }

    @Test
    void aSourceThatUsesTheStoreOrTheSameWordsOutsideTheSchemaIsClean() {
        // given the compliant sample: constants, API JSON keys, comments, a $group key
        Path file = SAMPLES.resolve("CompliantRecords.java");

        // when / then
        assertThat(StoreBoundary.sourceViolations(file)).isEmpty();
    }

    @Test
    void aSourceThatSpellsARedisKeyOrACallStateFieldIsReportedLineByLine() {
        // given a sample that builds counter keys, the call-state key, the campaign index key and hash
        // fields itself, in Java and in a Lua script
        Path file = SAMPLES.resolve("OffendingRedisKeys.java");

        // when it is scanned
        List<String> violations = StoreBoundary.sourceViolations(file);

        // then each line that spells the Redis schema is reported, with where it is
        assertThat(violations).hasSize(8);
        String report = String.join("\n", violations);
        assertThat(report)
                .contains("OffendingRedisKeys.java:14: spells a Redis key")
                .contains("OffendingRedisKeys.java:15: names the Redis key segment or hash field 'v'")
                .contains("OffendingRedisKeys.java:22: spells a Redis key")
                .contains("OffendingRedisKeys.java:26: spells a Redis key")
                .contains("OffendingRedisKeys.java:30: spells a Redis key")
                .contains("OffendingRedisKeys.java:34: spells a Redis key")
                .contains("OffendingRedisKeys.java:38: names the Redis key segment or hash field 'last_activity'")
                .contains("OffendingRedisKeys.java:42: names the Redis key segment or hash field 'm'");
    }

    @Test
    void aSourceThatNamesRedisKeysThroughTheStoreOrUsesTheSameWordsOtherwiseIsClean() {
        // given the compliant sample: CounterKeys, CallStateHash, outcome words, JSON names, comments
        Path file = SAMPLES.resolve("CompliantRedisKeys.java");

        // when / then
        assertThat(StoreBoundary.sourceViolations(file)).isEmpty();
    }
}
