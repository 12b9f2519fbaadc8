package io.cdrplatform.logger.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ReadChunksTest {

    @Property(tries = 500)
    void chunksHoldEveryIdExactlyOnceInBoundedBalancedChunks(@ForAll @IntRange(min = 1, max = 3000) int ids,
                                                              @ForAll @IntRange(min = 1, max = 16) int maxChunks,
                                                              @ForAll @IntRange(min = 1, max = 300) int minChunk) {
        // given distinct ids
        Set<String> all = new LinkedHashSet<>();
        for (int i = 0; i < ids; i++) {
            all.add("call-" + i);
        }

        // when they are split
        List<List<String>> chunks = MongoCallRecordStore.readChunks(all, maxChunks, minChunk);

        // then the chunks together are exactly the ids, each once, in at most maxChunks chunks of nearly equal size,
        // none below minChunk unless a single chunk holds them all
        List<String> union = new ArrayList<>();
        chunks.forEach(union::addAll);
        assertThat(union).containsExactlyElementsOf(all);
        assertThat(chunks).hasSizeBetween(1, maxChunks);
        int smallest = chunks.stream().mapToInt(List::size).min().orElseThrow();
        int largest = chunks.stream().mapToInt(List::size).max().orElseThrow();
        assertThat(largest - smallest).isLessThanOrEqualTo(1);
        if (chunks.size() > 1) {
            assertThat(smallest).isGreaterThanOrEqualTo(minChunk);
        }
    }

    @Property(tries = 100)
    void duplicateIdsAreReadOnce(@ForAll @IntRange(min = 1, max = 500) int ids) {
        List<String> twice = new ArrayList<>();
        for (int i = 0; i < ids; i++) {
            twice.add("call-" + i);
            twice.add("call-" + i);
        }
        List<String> union = new ArrayList<>();
        MongoCallRecordStore.readChunks(twice, 4, 64).forEach(union::addAll);
        assertThat(union).hasSize(ids).doesNotHaveDuplicates();
    }
}
