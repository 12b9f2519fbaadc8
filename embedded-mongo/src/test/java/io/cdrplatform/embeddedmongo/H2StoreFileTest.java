package io.cdrplatform.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreFileTest {

    private static final int ENTRIES = 2_000;

    @TempDir
    Path dir;

    /** A store whose every entry was rewritten many times, one commit per round (as cdr-local commits). */
    private Path bloatedStore() {
        Path file = dir.resolve("mongo.mv");
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
            MVMap<Integer, String> map = store.openMap("data");
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < ENTRIES; i++) {
                    map.put(i, "round " + round + " " + "x".repeat(500 + i % 100));
                }
                store.commit();
            }
        }
        return file;
    }

    @Test
    void an_offline_compaction_keeps_every_entry_and_leaves_about_the_live_data() throws Exception {
        // given
        Path file = bloatedStore();
        long before = Files.size(file);
        assertThat(H2StoreFile.fillPercent(file)).isLessThan(H2StoreFile.OPEN_COMPACTION_BELOW_FILL_PERCENT);

        // when
        H2StoreFile.compactOffline(file);

        // then
        assertThat(Files.size(file)).isLessThan(before / 4);
        assertThat(Files.exists(dir.resolve("mongo.mv.compacting"))).isFalse();
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            MVMap<Integer, String> map = store.openMap("data");
            assertThat(map.size()).isEqualTo(ENTRIES);
            assertThat(map.get(7)).isEqualTo("round 19 " + "x".repeat(507));
        }
    }

    @Test
    void opening_a_mostly_garbage_file_compacts_it_first_and_a_compact_file_is_opened_as_it_is() throws Exception {
        // given
        Path file = bloatedStore();
        long before = Files.size(file);

        // when
        try (MVStore store = H2StoreFile.open(file, (thread, failure) -> { })) {
            // then
            assertThat(Files.size(file)).isLessThan(before / 4);
            MVMap<Integer, String> map = store.openMap("data");
            assertThat(map.size()).isEqualTo(ENTRIES);
            assertThat(map.get(ENTRIES - 1)).startsWith("round 19 ");
            // and the bounded step while running keeps everything too
            H2StoreFile.compactWhileRunning(store);
            assertThat(map.get(3)).startsWith("round 19 ");
        }
        long compacted = Files.size(file);
        try (MVStore again = H2StoreFile.open(file, (thread, failure) -> { })) {
            assertThat(again.<Integer, String>openMap("data").size()).isEqualTo(ENTRIES);
        }
        assertThat(H2StoreFile.fillPercent(file)).isGreaterThanOrEqualTo(H2StoreFile.OPEN_COMPACTION_BELOW_FILL_PERCENT);
        assertThat(Files.size(file)).isLessThanOrEqualTo(compacted * 2);
    }
}
